// Package parquetfile writes Parquet files a row at a time in memory that
// does not grow with a value: a long byte array (a Long) is read in parts
// from where it is kept, compressed to a temporary file and copied from
// there, where a general writer (parquet-go) holds each value, its page
// and the compressed page whole.
//
// It writes what convkit needs and no more: optional columns of booleans,
// 64-bit integers, doubles, UTF-8 strings and JSON, in structs and lists
// (the LIST layout of the format's spec), PLAIN values in version 2 data
// pages compressed with zstd, levels in RLE, no dictionary, no statistics
// but null counts.
package parquetfile

import (
	"fmt"
	"math/bits"

	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// Kind is what a Field holds.
type Kind uint8

const (
	Bool   Kind = iota + 1 // a bool
	Int64                  // an int64
	Double                 // a float64
	String                 // a string or Long, UTF-8
	JSON                   // a string or Long, JSON text
	Struct                 // a map[string]any of Fields
	List                   // a []any of Elem
)

// A Field is a column, or a group of them. Every field is optional: a nil
// value is a null.
type Field struct {
	Name   string
	Kind   Kind
	Fields []Field // a Struct's, in the order they are written
	Elem   *Field  // a List's element (its Name is not used)
}

// node is a Field compiled: where its values go and at which levels.
type node struct {
	name     string
	kind     Kind
	def      uint8 // the definition level at which the field is present
	rep      uint8 // a List's: the repetition level of its elements
	children []*node
	elem     *node
	col      *column // a leaf's
}

// maxLevel is the deepest nesting a column may have: its levels are
// bytes.
const maxLevel = 250

// compile makes the nodes of fields under a parent present at def,
// repeated at rep, adding their leaves to cols and their schema elements
// to elems.
func compile(fields []Field, path []string, def, rep uint8, cols *[]*column, elems *[]format.SchemaElement) ([]*node, error) {
	nodes := make([]*node, 0, len(fields))
	for _, f := range fields {
		if def+3 > maxLevel {
			return nil, fmt.Errorf("parquet: %q nests deeper than %d levels", f.Name, maxLevel/3)
		}
		n := &node{name: f.Name, kind: f.Kind, def: def + 1}
		p := append(path[:len(path):len(path)], f.Name)
		el := format.SchemaElement{Name: f.Name, RepetitionType: thrift.New(format.Optional)}
		switch f.Kind {
		case Struct:
			if len(f.Fields) == 0 {
				return nil, fmt.Errorf("parquet: struct %q has no field", f.Name)
			}
			el.NumChildren = thrift.New(int32(len(f.Fields)))
			*elems = append(*elems, el)
			var err error
			if n.children, err = compile(f.Fields, p, n.def, rep, cols, elems); err != nil {
				return nil, err
			}
		case List:
			if f.Elem == nil {
				return nil, fmt.Errorf("parquet: list %q has no element", f.Name)
			}
			el.NumChildren = thrift.New(int32(1))
			el.ConvertedType = thrift.New(deprecated.List)
			el.LogicalType = format.LogicalType{Value: &format.ListType{}}
			*elems = append(*elems, el, format.SchemaElement{Name: "list", RepetitionType: thrift.New(format.Repeated), NumChildren: thrift.New(int32(1))})
			n.rep = rep + 1
			elem := *f.Elem
			elem.Name = "element"
			kids, err := compile([]Field{elem}, append(p, "list"), n.def+1, n.rep, cols, elems)
			if err != nil {
				return nil, err
			}
			n.elem = kids[0]
		default:
			if err := leaf(&el, f.Kind); err != nil {
				return nil, fmt.Errorf("parquet: field %q: %w", f.Name, err)
			}
			*elems = append(*elems, el)
			n.col = newColumn(p, f.Kind, el.Type.V, n.def, rep)
			*cols = append(*cols, n.col)
		}
		nodes = append(nodes, n)
	}
	return nodes, nil
}

// leaf fills a leaf's schema element with its kind's types.
func leaf(el *format.SchemaElement, k Kind) error {
	switch k {
	case Bool:
		el.Type = thrift.New(format.Boolean)
	case Int64:
		el.Type = thrift.New(format.Int64)
		el.ConvertedType = thrift.New(deprecated.Int64)
		el.LogicalType = format.LogicalType{Value: &format.IntType{BitWidth: 64, IsSigned: true}}
	case Double:
		el.Type = thrift.New(format.Double)
	case String:
		el.Type = thrift.New(format.ByteArray)
		el.ConvertedType = thrift.New(deprecated.UTF8)
		el.LogicalType = format.LogicalType{Value: &format.StringType{}}
	case JSON:
		el.Type = thrift.New(format.ByteArray)
		el.ConvertedType = thrift.New(deprecated.Json)
		el.LogicalType = format.LogicalType{Value: &format.JsonType{}}
	default:
		return fmt.Errorf("unknown kind %d", k)
	}
	return nil
}

// levelWidth is the bit width of levels up to max.
func levelWidth(max uint8) uint { return uint(bits.Len8(max)) }
