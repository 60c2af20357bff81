module github.com/DataDog/sketches-go

go 1.23

require (
	github.com/google/gofuzz v1.2.0
	github.com/stretchr/testify v1.11.1
	// [convkit] google.golang.org/protobuf dropped: its one user, the protobuf encoding, is removed
)

require (
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
