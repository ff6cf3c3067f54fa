package runscope

// UsageService reads how many requests the tests of a bucket or a team made.
type UsageService service
