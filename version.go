package main

// version is set at build time with -ldflags "-X main.version=…"; when it
// is not, buildinfo.Describe reads what the Go toolchain recorded.
var version = "dev"
