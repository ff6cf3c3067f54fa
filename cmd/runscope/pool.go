package main

import (
	"context"
	"errors"
	"iter"
	"sync"
)

// This file holds the two ways bulk commands spread work over
// --concurrency goroutines. Both pull items from an iterator only as
// workers free up, so at most about n items are held at once, whatever
// the size of the account.

// forEach calls work for every item, at most n at once, in no particular
// order. The first error, from items or from work, cancels the context
// the other calls got and is returned once every call has returned.
func forEach[T any](ctx context.Context, n int, items iter.Seq2[T, error], work func(context.Context, T) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	slots := make(chan struct{}, n)
	var wg sync.WaitGroup
	for item, err := range items {
		if err != nil {
			cancel(err)
			break
		}
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Go(func() {
			defer func() { <-slots }()
			if err := work(ctx, item); err != nil {
				cancel(err)
			}
		})
	}
	wg.Wait()
	return context.Cause(ctx)
}

// mapOrdered calls work for every item, at most n at once, and hands the
// results to emit one at a time in the order of items. Results wait for
// the ones before them, at most n of them. The first error, from items,
// work or emit, stops everything and is returned.
func mapOrdered[T, R any](ctx context.Context, n int, items iter.Seq2[T, error], work func(context.Context, T) (R, error), emit func(R) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	type result struct {
		v   R
		err error
	}
	// pending holds the results to come, in order. With the one the loop
	// below waits for, it bounds the items being worked on or waiting to
	// be emitted to n.
	pending := make(chan chan result, n-1)
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(pending)
		for item, err := range items {
			if err != nil {
				cancel(err)
				return
			}
			c := make(chan result, 1)
			select {
			case pending <- c:
			case <-ctx.Done():
				return
			}
			wg.Go(func() {
				v, err := work(ctx, item)
				c <- result{v, err}
			})
		}
	})
	for c := range pending {
		r := <-c
		if ctx.Err() != nil {
			continue // drain: the producer and workers finish on their own
		}
		if r.err == nil {
			r.err = emit(r.v)
		}
		if r.err != nil {
			cancel(r.err)
		}
	}
	wg.Wait()
	return context.Cause(ctx)
}

// errStop is what an emit function returns when its consumer wants no
// more: it ends mapOrdered without being an error of its own.
var errStop = errors.New("stopped")

// mapOrderedSeq is mapOrdered as an iterator, for a listing to write as
// its results come: it yields them in the order of items, then the first
// error, if any, from items or work. A consumer that stops early stops
// the work.
func mapOrderedSeq[T, R any](ctx context.Context, n int, items iter.Seq2[T, error], work func(context.Context, T) (R, error)) iter.Seq2[R, error] {
	return func(yield func(R, error) bool) {
		err := mapOrdered(ctx, n, items, work, func(v R) error {
			if !yield(v, nil) {
				return errStop
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			var zero R
			yield(zero, err)
		}
	}
}

// values adapts a slice to the iterators forEach and mapOrdered take.
func values[T any](list []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, v := range list {
			if !yield(v, nil) {
				return
			}
		}
	}
}

// listAhead is how many listed items prefetch holds: two pages of the
// tests list, so the next page is fetched while workers take the last.
const listAhead = 100

// prefetch pulls items from a goroutine of its own, up to n ahead of the
// consumer, so that a listing's next page is fetched while the items of
// the page before are worked on, instead of stalling every worker at
// each page boundary.
func prefetch[T any](items iter.Seq2[T, error], n int) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		type item struct {
			v   T
			err error
		}
		ahead := make(chan item, n)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			defer close(ahead)
			for v, err := range items {
				select {
				case ahead <- item{v, err}:
				case <-stop:
					return
				}
			}
		})
		defer func() {
			close(stop)
			for range ahead { // let the goroutine see stop
			}
			wg.Wait()
		}()
		for it := range ahead {
			if !yield(it.v, it.err) {
				return
			}
		}
	}
}
