//go:build !linux

package static

import "io/fs"

// fileVersion is empty where the change time is not read: the hash cache
// is keyed by name, size and modification time only.
type fileVersion struct{}

func versionOf(fs.FileInfo) fileVersion { return fileVersion{} }
