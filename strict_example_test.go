package runscope_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/go-runscope/runscope"
)

// An environment whose verify_ssl came back as a string, not the bool the
// API documents: by default the call succeeds and the member is kept for the
// next update; with WithStrictDecoding the call fails and says where.
func ExampleWithStrictDecoding() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"id":"env-1","name":"Staging","verify_ssl":"yes"}`)
	}))
	defer srv.Close()
	ctx := context.Background()

	lenient, err := runscope.NewClient(runscope.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	env, _, err := lenient.Environments.GetShared(ctx, "bkt", "env-1")
	if err != nil {
		log.Fatal(err)
	}
	for name, value := range runscope.UnknownMembers(env) {
		fmt.Printf("lenient: %s kept as %s, VerifySSL %v\n", name, value, env.VerifySSL)
	}

	strict, err := runscope.NewClient(runscope.WithBaseURL(srv.URL), runscope.WithStrictDecoding())
	if err != nil {
		log.Fatal(err)
	}
	_, _, err = strict.Environments.GetShared(ctx, "bkt", "env-1")
	var de *runscope.DecodeError
	if errors.Is(err, runscope.ErrDecode) && errors.As(err, &de) {
		fmt.Printf("strict: %s: %s\n", de.Path, de.Reason)
	}
	// Output:
	// lenient: verify_ssl kept as "yes", VerifySSL <nil>
	// strict: environment.verify_ssl: JSON string does not fit bool
}
