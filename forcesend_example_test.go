package runscope_test

import (
	"context"
	"fmt"
	"log"

	"github.com/go-runscope/runscope"
	"github.com/go-runscope/runscope/runscopetest"
)

// A step built from configuration, not read from the API, clears its body
// and runs again: without ForceSend the empty body and the false skipped
// would not be sent, and the API would keep the old ones.
func ExampleForceSend() {
	srv := runscopetest.NewServer()
	defer srv.Close()
	client, ctx := srv.Client(), context.Background()
	test, _, err := client.Tests.Create(ctx, srv.BucketKey(), &runscope.Test{Name: "Checkout"})
	if err != nil {
		log.Fatal(err)
	}
	added, _, err := client.Steps.Add(ctx, srv.BucketKey(), test.ID, &runscope.RequestStep{
		Method: "POST", URL: "https://example.com/cart", Body: `{"item":1}`, Skipped: true,
	})
	if err != nil {
		log.Fatal(err)
	}

	step := &runscope.RequestStep{Method: "POST", URL: "https://example.com/cart"}
	if err := runscope.ForceSend(step, "Body", "Skipped"); err != nil {
		log.Fatal(err)
	}
	updated, _, err := client.Steps.Update(ctx, srv.BucketKey(), test.ID, added.StepID(), step)
	if err != nil {
		log.Fatal(err)
	}
	u := updated.(*runscope.RequestStep)
	fmt.Printf("body %q, skipped %v\n", u.Body, u.Skipped)
	// Output: body "", skipped false
}
