package runscope_test

import (
	"encoding/json"
	"fmt"
	"log"

	"github.com/go-runscope/runscope"
)

// A step as the API sends it, with members this version of the package does
// not type: they are kept, sent back by an update, and readable.
func ExampleUnknownMembers() {
	data := []byte(`{
		"step_type": "request",
		"id": "52a9ce22-1c5b-4b3f-b7c2-6b4a5a1a0a77",
		"method": "GET",
		"url": "https://api.example.com/orders",
		"retries": 2,
		"tags": ["smoke", "orders"]
	}`)
	var step runscope.RequestStep
	if err := json.Unmarshal(data, &step); err != nil {
		log.Fatal(err)
	}
	for name, value := range runscope.UnknownMembers(&step) {
		fmt.Printf("%s: %s\n", name, value)
	}
	// Output:
	// retries: 2
	// tags: ["smoke", "orders"]
}
