//go:build !unix

package compat

import "net"

// idleConnDirty cannot peek without a Unix socket API; the connection is
// taken as clean (bytes already buffered still make it unusable, see
// exchange.run).
func idleConnDirty(net.Conn) bool { return false }
