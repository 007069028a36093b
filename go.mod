module github.com/velocsql/veloc

go 1.26

require (
	github.com/bufbuild/protocompile v0.14.1
	github.com/dave/jennifer v1.7.1
	github.com/google/go-cmp v0.7.0
	go.yaml.in/yaml/v3 v3.0.4
	google.golang.org/protobuf v1.34.2
)

require golang.org/x/sync v0.8.0 // indirect
