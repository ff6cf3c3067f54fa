package wire

import (
	"reflect"
	"testing"
)

// resetOrders forgets the member orders every codec learned.
func resetOrders() {
	codecs.Range(func(_, c any) bool {
		for i := range c.(*codec).order {
			c.(*codec).order[i].Store(int32(i + 1))
		}
		return true
	})
}

var orderInputs = []string{
	`{"id":"t","name":"n","description":"d","steps":[{"step_type":"request","id":"s","method":"GET","url":"u"}]}`,
	`{"steps":[{"url":"u","method":"GET","id":"s","step_type":"request"}],"description":"d","name":"n","id":"t"}`,
	`{"name":"n","id_x":1,"idx":2,"i":3,"id":"t","nam":4,"names":5,"":6}`,
	`{"\u0069d":"escaped","n\u0061me":"escaped too","id":"t"}`,
	`{"ID":"folded","id":"exact","Name":"folded only"}`,
	`{"id":"first","id":"second","name":null,"name":"n"}`,
	`{ "id" : "t" , "name"  :"n","description"` + "\n\t" + `: "d" }`,
	`{"id":5,"name":["not a string"],"description":"d"}`,
	`{"id" "t"}`, `{"id":}`, `{"id"`, `{"name":"n",}`,
	`{"environments":[{"name":"e","id":"1","auth":{"password":"p","username":"u","auth_type":"basic"}},{"id":"2","name":"f"}]}`,
}

// What members decode into does not depend on the order learned from
// earlier objects (codec.order): decoding each input gives the same value,
// encoding, Strict report and error whatever was decoded before it.
func TestLearnedOrderChangesNothing(t *testing.T) {
	want := map[string]decoded[Test]{}
	for _, in := range orderInputs {
		resetOrders()
		want[in] = decodedAs[Test]([]byte(in))
	}
	for _, before := range orderInputs {
		for _, in := range orderInputs {
			resetOrders()
			decodedAs[Test]([]byte(before))
			got := decodedAs[Test]([]byte(in))
			if w := want[in]; got.err != w.err || got.out != w.out || got.strict != w.strict || (got.err == "" && !reflect.DeepEqual(got.v, w.v)) {
				t.Fatalf("%s after %s:\n got %+v\nwant %+v", in, before, got, w)
			}
		}
	}
}
