package schema_test

import (
	"fmt"
	"strings"

	"github.com/convkit/convkit/schema"
)

func ExampleValidator_Check() {
	v := schema.New(schema.Options{})
	data := `{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}
{"messages": [{"role": "robot", "content": "Beep"}]}
{"messages": [{"role": "user", "content": "Hi"}
`
	err := v.Check(strings.NewReader(data), true, func(p schema.Problem) { fmt.Println(p) })
	fmt.Println(err)
	// Output:
	// 2:24: /messages/0/role: "robot" is not one of system, developer, user, assistant, tool, function
	// 3:48: unexpected end of input in an array (missing ']')
	// <nil>
}
