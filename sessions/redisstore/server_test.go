package redisstore_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// The tests run against a real redis-server: the one at $WEBOB_REDIS_ADDR
// (host:port) when set, else one they start themselves on a free loopback
// port when redis-server is installed. Without either they skip, unless
// $WEBOB_REQUIRE_SERVERS is 1 (as in CI), where they fail.

var (
	serverOnce  sync.Once
	serverAddr  string
	serverErr   error
	serverFatal bool // the server named by WEBOB_REDIS_ADDR is down
	serverCmd   *exec.Cmd
	serverDir   string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if serverCmd != nil {
		_ = serverCmd.Process.Kill()
		_ = serverCmd.Wait()
	}
	if serverDir != "" {
		_ = os.RemoveAll(serverDir)
	}
	os.Exit(code)
}

// redisAddr returns the address of the test server, starting it on first
// use, or skips (fails under WEBOB_REQUIRE_SERVERS=1) when there is none.
func redisAddr(t *testing.T) string {
	t.Helper()
	serverOnce.Do(func() {
		if addr := os.Getenv("WEBOB_REDIS_ADDR"); addr != "" {
			serverAddr = addr
			if err := waitPing(addr, 5*time.Second); err != nil {
				serverErr, serverFatal = fmt.Errorf("WEBOB_REDIS_ADDR=%s does not answer PING: %v", addr, err), true
			}
			return
		}
		if _, err := exec.LookPath("redis-server"); err != nil {
			serverErr = fmt.Errorf("redis-server not installed (and WEBOB_REDIS_ADDR unset); bash .ci/run installs it")
			return
		}
		serverAddr, serverErr = startServer()
	})
	if serverErr != nil {
		if serverFatal {
			t.Fatal(serverErr)
		}
		if os.Getenv("WEBOB_REQUIRE_SERVERS") == "1" {
			t.Fatalf("WEBOB_REQUIRE_SERVERS=1: %v", serverErr)
		}
		t.Skip(serverErr)
	}
	return serverAddr
}

// startServer starts redis-server without persistence on a free loopback
// port and waits until it answers PING.
func startServer() (string, error) {
	dir, err := os.MkdirTemp("", "webob-redis-")
	if err != nil {
		return "", err
	}
	serverDir = dir
	var lastErr error
	for range 3 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return "", err
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		cmd := exec.Command("redis-server",
			"--port", strconv.Itoa(port), "--bind", "127.0.0.1",
			"--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no",
			"--logfile", dir+"/redis.log")
		if err := cmd.Start(); err != nil {
			return "", err
		}
		addr := "127.0.0.1:" + strconv.Itoa(port)
		if lastErr = waitPing(addr, 10*time.Second); lastErr == nil {
			serverCmd = cmd
			return addr, nil
		}
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
	return "", fmt.Errorf("redis-server did not answer PING: %v", lastErr)
}

func waitPing(addr string, limit time.Duration) error {
	c := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: time.Second})
	defer c.Close()
	deadline := time.Now().Add(limit)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// newClient returns a client of the test server, closed at the end of the
// test.
func newClient(t *testing.T) *redis.Client {
	t.Helper()
	c := redis.NewClient(&redis.Options{Addr: redisAddr(t), ContextTimeoutEnabled: true})
	t.Cleanup(func() { c.Close() })
	return c
}

// testPrefix returns a key prefix of the test's own, whose keys are
// deleted at the end of the test (the server may be a shared one).
func testPrefix(t *testing.T, c *redis.Client) string {
	t.Helper()
	b := make([]byte, 8)
	rand.Read(b)
	prefix := "webobtest:" + hex.EncodeToString(b) + ":"
	t.Cleanup(func() {
		ctx := context.Background()
		iter := c.Scan(ctx, 0, prefix+"*", 100).Iterator()
		for iter.Next(ctx) {
			c.Del(ctx, iter.Val())
		}
	})
	return prefix
}
