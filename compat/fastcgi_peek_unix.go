//go:build unix

package compat

import (
	"errors"
	"net"
	"syscall"
)

// idleConnDirty reports whether the upstream wrote to, or closed, the
// idle connection c: a peek that neither waits nor consumes. A
// connection that gives no file descriptor (a custom DialContext's) is
// taken as clean.
func idleConnDirty(c net.Conn) bool {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return true
	}
	var perr error
	var buf [1]byte
	err = rc.Read(func(fd uintptr) bool {
		_, _, perr = syscall.Recvfrom(int(fd), buf[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		return true // never wait for readiness
	})
	switch {
	case err != nil:
		return true
	case errors.Is(perr, syscall.EAGAIN) || errors.Is(perr, syscall.EWOULDBLOCK):
		return false // nothing to read: the clean case
	case perr != nil:
		return true
	}
	return true // n > 0: bytes nobody asked for; n == 0: closed
}
