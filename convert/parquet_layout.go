package convert

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// Parquet files do not all lay a dataset out the same way. Each file has
// its own schema, so files of one dataset may differ (a column more or
// less, content a string here and parts there): each part is read with its
// own. Within a file, every row group must hold the schema's columns, in
// its order and of its types; checkLayout makes sure of that from the
// file's footer before any row is read, so that a file whose row groups
// were put together from different layouts fails with the group and the
// column named, not with the library's "row group at index 1 does not have
// enough columns" or rows read wrong. And some datasets keep the messages
// as a JSON string rather than a list of structs: decodeJSONColumns reads
// them as the list they hold.

// maxFooter is the largest footer checkLayout reads: a file of tens of
// thousands of row groups has one of a few megabytes, and a length past
// this is more likely a damaged file, which the library then refuses.
const maxFooter = 64 << 20

// readFooter returns the file's metadata, or nil when it cannot be read
// (parquet.OpenFile then says why).
func readFooter(at RandomAccess) *format.FileMetaData {
	size := at.Size()
	var tail [8]byte
	if size < 12 {
		return nil
	}
	if _, err := at.ReadAt(tail[:], size-8); err != nil {
		return nil
	}
	n := int64(binary.LittleEndian.Uint32(tail[:4]))
	if n > size-12 || n > maxFooter {
		return nil
	}
	footer := make([]byte, n)
	if _, err := at.ReadAt(footer, size-8-n); err != nil {
		return nil
	}
	var md format.FileMetaData
	if thrift.Unmarshal(new(thrift.CompactProtocol), footer, &md) != nil {
		return nil
	}
	return &md
}

// checkLayout checks that every row group of the file md describes has a
// column chunk for each column of its schema, in order, of the schema's
// physical type.
func checkLayout(md *format.FileMetaData) error {
	paths, types, ok := schemaLeaves(md.Schema)
	if !ok {
		return nil // a schema the library will refuse, saying why
	}
	for g := range md.RowGroups {
		chunks := md.RowGroups[g].Columns
		for i, path := range paths {
			name := strings.Join(path, ".")
			if i >= len(chunks) {
				return &Error{Msg: fmt.Sprintf("row group %d: column %s is missing: the file's schema has %d columns, this row group %d", g+1, name, len(paths), len(chunks))}
			}
			cm := &chunks[i].MetaData
			if !slices.Equal([]string(cm.PathInSchema), path) {
				return &Error{Msg: fmt.Sprintf("row group %d: column %s is missing: the row group has %s in its place", g+1, name, strings.Join(cm.PathInSchema, "."))}
			}
			if cm.Type != types[i] {
				return &Error{Msg: fmt.Sprintf("row group %d: column %s holds %s values, the file's schema says %s", g+1, name, cm.Type, types[i])}
			}
		}
		if len(chunks) > len(paths) {
			return &Error{Msg: fmt.Sprintf("row group %d: column %s is not in the file's schema", g+1, strings.Join(chunks[len(paths)].MetaData.PathInSchema, "."))}
		}
	}
	return nil
}

// schemaLeaves returns the paths and physical types of the columns of a
// schema given as its elements depth first, the root first; ok is false
// when the elements do not make a tree.
func schemaLeaves(elems []format.SchemaElement) (paths [][]string, types []format.Type, ok bool) {
	if len(elems) == 0 {
		return nil, nil, false
	}
	next := 1
	var walk func(prefix []string, children int32) bool
	walk = func(prefix []string, children int32) bool {
		for range children {
			if next >= len(elems) {
				return false
			}
			e := &elems[next]
			next++
			path := append(slices.Clone(prefix), e.Name)
			if n, group := e.NumChildren.Get(); group && n > 0 {
				if !walk(path, n) {
					return false
				}
				continue
			}
			paths, types = append(paths, path), append(types, e.Type.V)
		}
		return true
	}
	return paths, types, walk(nil, elems[0].NumChildren.V) && next == len(elems)
}

// jsonListColumns are the columns that may hold a list as a JSON string.
var jsonListColumns = []string{"messages", "conversations"}

// decodeJSONColumns replaces a messages or conversations column that holds
// a string of JSON by the list it holds.
func decodeJSONColumns(obj map[string]any) error {
	for _, name := range jsonListColumns {
		s, ok := obj[name].(string)
		if !ok {
			continue
		}
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		var list []any
		if !bytes.HasPrefix(bytes.TrimLeft([]byte(s), " \t\r\n"), []byte("[")) || dec.Decode(&list) != nil || dec.More() {
			return fmt.Errorf("column %s is a string that is not a JSON list", name)
		}
		obj[name] = list
	}
	return nil
}
