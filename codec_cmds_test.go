package main

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/ulikunitz/xz"

	"github.com/convkit/convkit/internal/codec"
)

// codecCmds are the testscript commands that make compressed and zipped
// inputs, which a txtar archive cannot hold as bytes:
//
//	compress gzip|zstd|xz IN OUT   compress IN to OUT (gzip and zstd as convkit writes them)
//	decompress IN OUT              decompress IN, whatever its codec, to OUT
//	cat OUT IN…                    OUT holds the INs one after another
//	truncate N FILE                keep FILE's first N bytes
//	unbase64 IN OUT                decode base64 (a committed bzip2 file)
//	zip OUT [-store] NAME=FILE…    a zip archive with FILE as member NAME
//	jsoneq A B                     the JSON values in A and B, one after another, are equal
var codecCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"compress": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 3 {
			ts.Fatalf("usage: compress gzip|zstd|xz IN OUT")
		}
		var buf bytes.Buffer
		var w io.WriteCloser
		var err error
		if args[0] == "xz" {
			w, err = xz.NewWriter(&buf)
		} else {
			w, err = codec.NewWriter(&buf, codec.Kind(args[0]))
		}
		ts.Check(err)
		_, err = w.Write([]byte(ts.ReadFile(args[1])))
		ts.Check(err)
		ts.Check(w.Close())
		ts.Check(os.WriteFile(ts.MkAbs(args[2]), buf.Bytes(), 0o644))
	},
	"decompress": func(ts *testscript.TestScript, neg bool, args []string) {
		f, err := os.Open(ts.MkAbs(args[0]))
		ts.Check(err)
		defer f.Close()
		src, err := codec.Open(f, args[0], codec.Options{})
		ts.Check(err)
		defer src.Close()
		p, err := src.Next()
		ts.Check(err)
		data, err := io.ReadAll(p.R)
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs(args[1]), data, 0o644))
	},
	"cat": func(ts *testscript.TestScript, neg bool, args []string) {
		var all []byte
		for _, in := range args[1:] {
			all = append(all, ts.ReadFile(in)...)
		}
		ts.Check(os.WriteFile(ts.MkAbs(args[0]), all, 0o644))
	},
	"truncate": func(ts *testscript.TestScript, neg bool, args []string) {
		n, err := strconv.Atoi(args[0])
		ts.Check(err)
		ts.Check(os.Truncate(ts.MkAbs(args[1]), int64(n)))
	},
	"unbase64": func(ts *testscript.TestScript, neg bool, args []string) {
		data, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(ts.ReadFile(args[0])), ""))
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs(args[1]), data, 0o644))
	},
	"zip": func(ts *testscript.TestScript, neg bool, args []string) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		method := zip.Deflate
		for _, a := range args[1:] {
			if a == "-store" {
				method = zip.Store
				continue
			}
			name, file, _ := strings.Cut(a, "=")
			w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
			ts.Check(err)
			data, err := os.ReadFile(ts.MkAbs(file))
			ts.Check(err)
			_, err = w.Write(data)
			ts.Check(err)
		}
		ts.Check(zw.Close())
		ts.Check(os.WriteFile(ts.MkAbs(args[0]), buf.Bytes(), 0o644))
	},
	"jsoneq": func(ts *testscript.TestScript, neg bool, args []string) {
		values := func(file string) []any {
			dec := json.NewDecoder(strings.NewReader(ts.ReadFile(file)))
			var vs []any
			for {
				var v any
				if err := dec.Decode(&v); err == io.EOF {
					return vs
				} else if err != nil {
					ts.Fatalf("%s: %v", file, err)
				}
				vs = append(vs, v)
			}
		}
		a, b := values(args[0]), values(args[1])
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if eq := bytes.Equal(ja, jb); eq == neg {
			ts.Fatalf("%s and %s: JSON equal is %v\n%s\n%s", args[0], args[1], eq, ja, jb)
		}
	},
}
