package safefile

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"strings"
)

// nameMax is the longest file name most file systems take (NAME_MAX).
const nameMax = 255

const (
	tempSuffix = ".tmp"
	lockSuffix = ".ck.lock" // not plain ".lock": a user's ".NAME.lock" is not ours to remove
	randomLen  = 8          // hex digits that make each temporary name unique
)

// tempPrefix is how the names of the temporary files for a target named
// base start: ".base.ck", or ".ckHASH-" when that would not leave room for
// the random part and the suffix within nameMax.
func tempPrefix(base string) string {
	if p := "." + base + ".ck"; len(p)+randomLen+len(tempSuffix) <= nameMax {
		return p
	}
	return ".ck" + shortHash(base) + "-"
}

// tempName is a fresh temporary name for a target named base.
func tempName(base string) string {
	return tempPrefix(base) + randomHex() + tempSuffix
}

// isTempOf reports whether name is one of the temporary names of a target
// named base: its prefix, exactly randomLen hex digits, its suffix.
func isTempOf(name, base string) bool {
	rest, ok := strings.CutPrefix(name, tempPrefix(base))
	if !ok {
		return false
	}
	random, ok := strings.CutSuffix(rest, tempSuffix)
	if !ok || len(random) != randomLen {
		return false
	}
	_, err := hex.DecodeString(random)
	return err == nil
}

// lockName is the name of the lock file of a target named base:
// ".base.ck.lock", or ".ckHASH.ck.lock" when that is too long.
func lockName(base string) string {
	if n := "." + base + lockSuffix; len(n) <= nameMax {
		return n
	}
	return ".ck" + shortHash(base) + lockSuffix
}

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

func randomHex() string {
	var b [randomLen / 2]byte
	for i := range b {
		b[i] = byte(rand.Uint32())
	}
	return hex.EncodeToString(b[:])
}
