//go:build tools

package resolvers

// gqlgen is run by go generate; importing it here pins its version in go.mod.
import _ "github.com/99designs/gqlgen"
