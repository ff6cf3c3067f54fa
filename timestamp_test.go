package runscope

import (
	"encoding/json"
	"net/url"
	"testing"
	"time"

	"github.com/google/go-querystring/query"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTimestampDecode(t *testing.T) {
	cases := map[string]struct {
		in   string
		want time.Time
	}{
		"epoch integer":         {`1438828991`, time.Unix(1438828991, 0)},
		"epoch float":           {`1639677275.7`, time.Unix(1639677275, 700_000_000)},
		"epoch microseconds":    {`1406061608.506811`, time.Unix(1406061608, 506_811_000)},
		"epoch nanoseconds":     {`1368828807.918586123`, time.Unix(1368828807, 918_586_123)},
		"beyond nanoseconds":    {`1.1234567899`, time.Unix(1, 123_456_789)},
		"exponent":              {`1.6396772757e9`, time.Unix(1639677275, 700_000_000)},
		"negative":              {`-1.5`, time.Unix(-1, -500_000_000)},
		"numeric string":        {`"1617176809"`, time.Unix(1617176809, 0)},
		"numeric float string":  {`"1681825927.81"`, time.Unix(1681825927, 810_000_000)},
		"rfc1123 numeric zone":  {`"Wed, 14 Aug 2019 19:53:48 -0000"`, time.Date(2019, 8, 14, 19, 53, 48, 0, time.UTC)},
		"rfc1123 offset":        {`"Thu, 21 Nov 2019 15:22:00 +0200"`, time.Date(2019, 11, 21, 13, 22, 0, 0, time.UTC)},
		"rfc1123 GMT":           {`"Tue, 04 Feb 2020 09:47:32 GMT"`, time.Date(2020, 2, 4, 9, 47, 32, 0, time.UTC)},
		"rfc3339":               {`"2019-08-14T19:53:48.25Z"`, time.Date(2019, 8, 14, 19, 53, 48, 250_000_000, time.UTC)},
		"null":                  {`null`, time.Time{}},
		"empty string":          {`""`, time.Time{}},
		"padded":                {` 12 `, time.Unix(12, 0)},
		"zero epoch is not nil": {`0`, time.Unix(0, 0)},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var ts Timestamp
			require.NoError(t, json.Unmarshal([]byte(tc.in), &ts))
			assert.True(t, tc.want.Equal(ts.Time), "got %v, want %v", ts.Time, tc.want)
			assert.Equal(t, tc.want.IsZero(), ts.IsZero())
		})
	}
}

func TestTimestampDecodeErrors(t *testing.T) {
	for _, in := range []string{`"yesterday"`, `true`, `{}`, `[]`, `"1.2.3"`, `1e999`, `"12abc"`, `99999999999999999999999`, `1e40`, `.5`, `"-"`, `1.`} {
		var ts Timestamp
		assert.Error(t, ts.UnmarshalJSON([]byte(in)), in)
	}
}

func TestTimestampRoundTripKeepsForm(t *testing.T) {
	for _, in := range []string{
		`1438828991`,
		`1639677275.7`,
		`1406061608.506811`,
		`-1.5`,
		`0`,
		`"1617176809"`,
		`"1681825927.81"`,
		`"Wed, 14 Aug 2019 19:53:48 -0000"`,
		`"Thu, 21 Nov 2019 15:22:00 +0200"`,
		`"2019-08-14T19:53:48.25Z"`,
		`null`,
	} {
		var ts Timestamp
		require.NoError(t, json.Unmarshal([]byte(in), &ts), in)
		out, err := json.Marshal(ts)
		require.NoError(t, err)
		assert.Equal(t, in, string(out))
	}
}

func TestTimestampBuiltInGo(t *testing.T) {
	cases := map[string]struct {
		ts   Timestamp
		want string
	}{
		"whole seconds":   {Timestamp{Time: time.Unix(1438828991, 0)}, `1438828991`},
		"fraction":        {Timestamp{Time: time.Unix(1639677275, 700_000_000)}, `1639677275.7`},
		"local zone":      {Timestamp{Time: time.Date(2020, 1, 1, 1, 0, 0, 0, time.FixedZone("x", 3600))}, `1577836800`},
		"zero is null":    {Timestamp{}, `null`},
		"before epoch":    {Timestamp{Time: time.Unix(-2, 250_000_000)}, `-1.75`},
		"nanosecond only": {Timestamp{Time: time.Unix(5, 1)}, `5.000000001`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			out, err := json.Marshal(tc.ts)
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(out))
		})
	}
}

func TestTimestampOmitzero(t *testing.T) {
	out, err := json.Marshal(struct {
		At Timestamp `json:"at,omitzero"`
	}{})
	require.NoError(t, err)
	assert.Equal(t, `{}`, string(out))
}

func TestDate(t *testing.T) {
	var d Date
	require.NoError(t, json.Unmarshal([]byte(`"2019-11-14"`), &d))
	assert.Equal(t, time.Date(2019, 11, 14, 0, 0, 0, 0, time.UTC), d.Time)
	assert.Equal(t, "2019-11-14", d.String())
	out, err := json.Marshal(d)
	require.NoError(t, err)
	assert.Equal(t, `"2019-11-14"`, string(out))

	require.NoError(t, json.Unmarshal([]byte(`null`), &d))
	assert.True(t, d.IsZero())
	out, err = json.Marshal(d)
	require.NoError(t, err)
	assert.Equal(t, `null`, string(out))
	assert.Equal(t, "", d.String())

	assert.Error(t, json.Unmarshal([]byte(`"14/11/2019"`), &d))
	assert.Error(t, json.Unmarshal([]byte(`20191114`), &d))

	local := time.Date(2019, 11, 14, 23, 30, 0, 0, time.FixedZone("x", -5*3600))
	assert.Equal(t, "2019-11-14", NewDate(local).String())
}

func FuzzTimestamp(f *testing.F) {
	for _, seed := range []string{`1438828991`, `1639677275.7`, `"1617176809"`, `"Wed, 14 Aug 2019 19:53:48 -0000"`,
		`null`, `""`, `-1.5`, `1e9`, `"2019-08-14T19:53:48Z"`, `1.`, `"-"`, `99999999999999999999`, `{}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var ts Timestamp
		if err := ts.UnmarshalJSON(in); err != nil {
			return
		}
		out, err := ts.MarshalJSON()
		if err != nil {
			t.Fatalf("decoded %q but cannot encode: %v", in, err)
		}
		if !json.Valid(out) {
			t.Fatalf("encoding of %q is not JSON: %q", in, out)
		}
		var again Timestamp
		if err := again.UnmarshalJSON(out); err != nil {
			t.Fatalf("re-decoding %q (from %q): %v", out, in, err)
		}
		if !again.Equal(ts.Time) {
			t.Fatalf("%q -> %q -> %v, want %v", in, out, again.Time, ts.Time)
		}
	})
}

// Timestamp and Date are go-querystring encoders: a query carries them in
// the form the API reads, and nothing when they are zero.
func TestTimeQueryEncoders(t *testing.T) {
	type params struct {
		Since Timestamp `url:"since"`
		Day   Date      `url:"day"`
		Unset Timestamp `url:"unset"`
		None  Date      `url:"none"`
	}
	v, err := query.Values(params{
		Since: Timestamp{Time: time.Unix(1639677275, 700000000)},
		Day:   NewDate(time.Date(2019, 11, 14, 23, 30, 0, 0, time.FixedZone("PST", -8*60*60))),
	})
	require.NoError(t, err)
	assert.Equal(t, url.Values{"since": {"1639677275.7"}, "day": {"2019-11-14"}}, v)
}
