//go:build unix

package compat

import (
	"os/exec"
	"syscall"
)

// setProcessGroup makes the program the leader of a new process group,
// which its children join, so that killProcessGroup reaches them all.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killProcessGroup kills every process of the program's group with
// SIGKILL: the program and the children it started (those that did not
// leave the group).
func killProcessGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	if err == syscall.ESRCH {
		return nil
	}
	return err
}
