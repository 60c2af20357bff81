module github.com/andybalholm/brotli

go 1.22

retract v1.0.1 // occasional panics and data corruption

require github.com/xyproto/randomstring v1.0.5
