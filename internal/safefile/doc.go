// Package safefile writes files so that a crash, a signal or an error never
// leaves one half-written, and so that what the user had — special files,
// links, owner, mode, other writers' updates — survives the write.
//
// Create starts a write to a path; Edit starts a read-modify-write of a
// path under its lock. Both return a File; Commit puts the new bytes in
// place, Abort drops them. The guarantees, by what the path names:
//
//   - A regular file, or nothing: the bytes go to a temporary file beside
//     it, which is synced, then renamed over the path, then the directory is
//     synced. A reader sees the old bytes or the complete new bytes, never a
//     mix. A replaced file keeps its owner and group (where the process may
//     set them: as root, or a group it is in) and its mode, setuid, setgid
//     and sticky bits included. A new file gets mode 0666 less the umask.
//   - A symbolic link: the write goes through it, as editors do: the
//     temporary file is made beside the file the link points to, the link
//     stays a link. A dangling link makes the file it points to.
//   - A regular file with more than one hard link: the links are kept. The
//     temporary file is written and synced in full first, then its bytes are
//     copied into the file itself. This copy is not atomic: a crash during
//     it leaves the file partly rewritten.
//   - Anything else that exists (a character device, a FIFO, a pipe's
//     /dev/fd/N), and any /dev/fd/N, /dev/stdout, /dev/stderr or
//     /proc/*/fd/N: the bytes are written to it directly (truncating a
//     regular file, as a shell's > does), no temporary file, no rename.
//     Edit refuses these, and refuses a read-only file (no write permission
//     for its owner, even when the process runs as root).
//
// Temporary files are named ".NAME.ckXXXXXXXX.tmp", or ".ckHASH-XXXXXXXX.tmp"
// when NAME is too long for that to fit in 255 bytes, and each is held with
// flock(2) while it is written. A write removes the temporary files of its
// own target that no live process holds, so that a process killed with
// SIGKILL leaves nothing behind after the next write. RemoveTemps removes
// the temporary and lock files of this process, for a signal handler.
//
// Edit, and Commit for the rename, take an advisory lock: flock(2) on
// ".NAME.ck.lock" beside the target, waiting at most the lock timeout. Under
// it, a read-modify-write (append a message, trim in place) cannot lose a
// concurrent one. The lock file is removed when the lock is released; a
// lock file left by a killed process is harmless and removed by the next
// write. The lock goes with the name the links resolve to: two hard links
// of one file have two locks.
package safefile
