//go:build unix

package hf

import (
	"os"
	"syscall"
)

// mapFile maps the file at path into memory, read-only, and returns its
// bytes and fileID. The cache replaces a compiled file by renaming another
// over it, never by writing it in place, so the bytes do not change under
// a tokenizer that reads them.
func mapFile(path string) ([]byte, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, "", err
	}
	if fi.Size() <= 0 || int64(int(fi.Size())) != fi.Size() {
		return nil, "", errCorrupt
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		// A file system that cannot map files: read it.
		data, err = os.ReadFile(path)
		return data, fileID(fi), err
	}
	return data, fileID(fi), nil
}

// unmap releases what mapFile gave, when it is not kept.
func unmap(data []byte) { syscall.Munmap(data) }
