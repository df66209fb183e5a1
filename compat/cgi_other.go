//go:build !unix

package compat

import "os/exec"

// setProcessGroup does nothing where there are no Unix process groups.
func setProcessGroup(cmd *exec.Cmd) {}

// killProcessGroup kills the program alone: without Unix process groups,
// children it started are not reached.
func killProcessGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	return cmd.Process.Kill()
}
