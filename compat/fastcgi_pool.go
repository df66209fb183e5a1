package compat

import (
	"bufio"
	"context"
	"net"
	"sync"
	"time"
)

// fcgiConn is one connection to the upstream with its buffers.
type fcgiConn struct {
	net.Conn
	br     *bufio.Reader
	bw     *bufio.Writer
	reused bool        // taken from the idle list
	timer  *time.Timer // closes the connection when idle too long
}

// errPoolBusy is the error of a request that waited DialTimeout for one
// of MaxConns connections; the handler answers 503.
var errPoolBusy = &fcgiError{msg: "compat: fastcgi: all MaxConns connections busy"}

// fcgiPool holds the connections to one upstream. A connection counts
// against MaxConns from its dial to its close, idle or not; idle
// connections (at most MaxIdleConns) wait in a channel and are closed
// after IdleTimeout.
type fcgiPool struct {
	network, address string
	dial             func(ctx context.Context, network, address string) (net.Conn, error)
	dialTimeout      time.Duration
	idleTimeout      time.Duration

	slots chan struct{}  // one token per open connection; nil: no limit
	idle  chan *fcgiConn // nil: no keep-alive

	mu     sync.Mutex
	closed bool
}

func newFCGIPool(o *FastCGIOptions, dialTimeout time.Duration) *fcgiPool {
	p := &fcgiPool{
		network:     o.Network,
		address:     o.Address,
		dial:        o.DialContext,
		dialTimeout: dialTimeout,
		idleTimeout: o.IdleTimeout,
	}
	if p.network == "" {
		p.network = "tcp"
	}
	if p.dial == nil {
		var d net.Dialer
		p.dial = d.DialContext
	}
	if p.idleTimeout <= 0 {
		p.idleTimeout = 30 * time.Second
	}
	if o.MaxConns > 0 {
		p.slots = make(chan struct{}, o.MaxConns)
	}
	if o.MaxIdleConns > 0 {
		p.idle = make(chan *fcgiConn, o.MaxIdleConns)
	}
	return p
}

// keepAlive reports whether requests ask the upstream to keep the
// connection open (FCGI_KEEP_CONN).
func (p *fcgiPool) keepAlive() bool { return p.idle != nil }

// takeIdle returns an idle connection, or nil.
func (p *fcgiPool) takeIdle() *fcgiConn {
	for {
		select {
		case c := <-p.idle:
			if p.reuse(c) {
				return c
			}
		default:
			return nil
		}
	}
}

// reuse readies the idle connection c for a request and reports whether
// it can serve one. It cannot when its idle timer fired (the timer closed
// it and freed its slot), or when the upstream wrote to it, or closed it,
// while it was idle: bytes that arrive between two requests are no
// answer to the next one (all requests use the same request ID, so
// records left over from a misbehaving upstream would pass for its
// response), and such a connection is closed.
func (p *fcgiPool) reuse(c *fcgiConn) bool {
	if !c.timer.Stop() {
		return false
	}
	if c.br.Buffered() > 0 || idleConnDirty(c.Conn) {
		closeConn(c)
		p.release()
		return false
	}
	c.reused = true
	return true
}

// get returns an idle connection or dials a new one; fresh skips the idle
// ones (the retry after a stale connection).
func (p *fcgiPool) get(ctx context.Context, fresh bool) (*fcgiConn, error) {
	if !fresh {
		if c := p.takeIdle(); c != nil {
			return c, nil
		}
	}
	if p.slots != nil {
		select {
		case p.slots <- struct{}{}:
		default:
			t := time.NewTimer(p.dialTimeout)
			defer t.Stop()
			select {
			case p.slots <- struct{}{}:
			case c := <-p.idle: // nil channel without keep-alive: never ready
				if p.reuse(c) {
					return c, nil
				}
				// Expired or closed meanwhile; its slot is free again:
				// wait on.
				select {
				case p.slots <- struct{}{}:
				case <-t.C:
					return nil, errPoolBusy
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			case <-t.C:
				return nil, errPoolBusy
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
	}
	dctx, cancel := context.WithTimeout(ctx, p.dialTimeout)
	nc, err := p.dial(dctx, p.network, p.address)
	cancel()
	if err != nil {
		p.release()
		return nil, err
	}
	c := &fcgiConn{Conn: nc}
	if br, ok := fcgiReaders.Get().(*bufio.Reader); ok {
		br.Reset(nc)
		c.br = br
	} else {
		c.br = bufio.NewReaderSize(nc, 32<<10)
	}
	if bw, ok := fcgiWriters.Get().(*bufio.Writer); ok {
		bw.Reset(nc)
		c.bw = bw
	} else {
		c.bw = bufio.NewWriterSize(nc, 16<<10)
	}
	return c, nil
}

// fcgiReaders and fcgiWriters recycle the buffers of closed connections.
var fcgiReaders, fcgiWriters sync.Pool

// closeConn closes c and recycles its buffers; nothing uses c after.
func closeConn(c *fcgiConn) {
	c.Close()
	c.br.Reset(nil)
	c.bw.Reset(nil)
	fcgiReaders.Put(c.br)
	fcgiWriters.Put(c.bw)
	c.br, c.bw = nil, nil
}

func (p *fcgiPool) release() {
	if p.slots != nil {
		<-p.slots
	}
}

// put returns c to the idle list when reusable and there is room, and
// closes it otherwise.
func (p *fcgiPool) put(c *fcgiConn, reusable bool) {
	if reusable && p.idle != nil {
		// Under mu, so that close cannot run between the check of
		// closed and the send: a connection put back then would stay
		// open until its idle timer.
		p.mu.Lock()
		kept := false
		if !p.closed {
			c.reused = false
			c.timer = time.AfterFunc(p.idleTimeout, func() {
				closeConn(c)
				p.release()
			})
			select {
			case p.idle <- c:
				kept = true
			default:
				// No room. Stop cannot fail with a positive idleTimeout.
				kept = !c.timer.Stop()
			}
		}
		p.mu.Unlock()
		if kept {
			return
		}
	}
	closeConn(c)
	p.release()
}

// close closes the idle connections; later puts close theirs.
func (p *fcgiPool) close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	for {
		select {
		case c := <-p.idle:
			if c.timer.Stop() {
				closeConn(c)
				p.release()
			}
		default:
			return
		}
	}
}
