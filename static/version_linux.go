package static

import (
	"io/fs"
	"syscall"
)

// fileVersion holds what tells two versions of a file with the same size
// and modification time apart: the change time (which no tool can set)
// and the inode (a file replaced by rename).
type fileVersion struct{ ctime, ino int64 }

func versionOf(fi fs.FileInfo) fileVersion {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return fileVersion{ctime: st.Ctim.Nano(), ino: int64(st.Ino)}
	}
	return fileVersion{}
}
