package hf

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
)

// Derived returns decode of what derive makes of the contents of the file
// at path, kept in dir under a name made of kind and the file's real path,
// size and modification time: while the file keeps those, later calls
// decode what was kept, not the file (the trade-off LoadFile makes). What
// was kept that decode refuses (a damaged file) is made again. With dir ""
// nothing is kept. Errors reading the file are returned as they are; an
// error from derive or decode is returned and nothing is kept.
func Derived[T any](path, dir, kind string, derive func([]byte) ([]byte, error), decode func([]byte) (T, error)) (T, error) {
	var zero T
	st, err := os.Stat(path)
	if err != nil {
		return zero, err
	}
	var kept string
	if real, err := filepath.EvalSymlinks(path); err == nil && dir != "" {
		if abs, err := filepath.Abs(real); err == nil {
			key := sha256.Sum256([]byte(kind + "\x00" + abs + "\x00" + fileID(st)))
			kept = filepath.Join(dir, kind+"-"+hex.EncodeToString(key[:16]))
			if data, err := os.ReadFile(kept); err == nil {
				if v, err := decode(data); err == nil {
					return v, nil
				}
			}
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return zero, err
	}
	out, err := derive(data)
	if err != nil {
		return zero, err
	}
	v, err := decode(out)
	if err != nil {
		return zero, err
	}
	if kept != "" {
		writeAtomic(kept, out)
	}
	return v, nil
}

// isDerived reports whether name is a file Derived keeps: its kind, a
// dash, and 32 hexadecimal digits.
func isDerived(name string) bool {
	i := strings.LastIndexByte(name, '-')
	if i <= 0 || len(name)-i-1 != 32 {
		return false
	}
	_, err := hex.DecodeString(name[i+1:])
	return err == nil
}
