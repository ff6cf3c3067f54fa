// Command genjson writes models_json.go, the JSON methods of every model of
// the package in the current directory (see internal/genjson). The root
// package runs it through go generate:
//
//	go generate ./...
//
// With -fix it first deletes the hand-written copies of those methods, such
// as a new model's pasted from an older one.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/go-runscope/runscope/internal/genjson"
)

func main() {
	log.SetFlags(0)
	fix := flag.Bool("fix", false, "delete hand-written copies of the generated methods first")
	flag.Parse()
	if *fix {
		changed, err := genjson.Fix(".")
		for _, file := range changed {
			fmt.Println("removed generated methods from", file)
		}
		if err != nil {
			log.Fatal(err)
		}
	}
	src, err := genjson.Generate(".")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(genjson.Output, src, 0o644); err != nil {
		log.Fatal(err)
	}
}
