package runscope

import "context"

// BucketsService manages buckets, the containers of tests, and their custom
// notification emails.
type BucketsService service

// Trigger starts a run of every test in the bucket behind trigger: the
// bucket's trigger ID or its trigger URL
// (https://api.runscope.com/radar/bucket/<id>/trigger). Options and result
// are those of [TestsService.Trigger].
func (s *BucketsService) Trigger(ctx context.Context, trigger string, opts *TriggerOptions) (*TriggerResult, *Response, error) {
	return s.client.trigger(ctx, trigger, true, opts)
}
