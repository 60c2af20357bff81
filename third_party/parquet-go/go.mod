module github.com/parquet-go/parquet-go

go 1.26.0

require (
	github.com/andybalholm/brotli v1.3.0
	github.com/google/uuid v1.6.0
	github.com/hexops/gotextdiff v1.0.3
	github.com/klauspost/compress v1.20.4
	github.com/parquet-go/bitpack v1.0.3
	github.com/parquet-go/jsonlite v1.5.5
	github.com/pierrec/lz4/v4 v4.1.33
	github.com/twpayne/go-geom v1.6.1
	golang.org/x/sys v0.48.0
	// [convkit] google.golang.org/protobuf dropped: only the removed protobuf message support used it
)
