package runscope

import "github.com/go-runscope/runscope/internal/wire"

// This file holds what steps check and extract: assertions and variables,
// and the vocabularies of their sources and comparisons.

// AssertionSource is what an assertion checks, in the words of step
// definitions. A run's results report the same sources in other words
// ([ResultSource]: status_code for response_status, json for
// response_json...).
type AssertionSource string

// Assertion sources.
const (
	AssertionSourceStatus  AssertionSource = "response_status"  // the HTTP status code
	AssertionSourceHeaders AssertionSource = "response_headers" // a header; Property names it
	AssertionSourceJSON    AssertionSource = "response_json"    // the body as JSON; Property is the path
	AssertionSourceXML     AssertionSource = "response_xml"     // the body as XML; Property is the XPath
	AssertionSourceText    AssertionSource = "response_text"    // the body as plain text
	AssertionSourceTime    AssertionSource = "response_time"    // the response time in milliseconds
	AssertionSourceSize    AssertionSource = "response_size"    // the body size in bytes
)

// Comparison is how an assertion or a condition compares a property with
// its value, in the words of step definitions. A run's results report
// comparisons in other words ([ResultComparison]: equals_number for
// equal_number...).
type Comparison string

// Comparisons. The numeric ones convert both sides to numbers first.
const (
	ComparisonEqual                Comparison = "equal" // as strings
	ComparisonEmpty                Comparison = "empty"
	ComparisonNotEmpty             Comparison = "not_empty"
	ComparisonNotEqual             Comparison = "not_equal"
	ComparisonContains             Comparison = "contains"
	ComparisonDoesNotContain       Comparison = "does_not_contain"
	ComparisonIsANumber            Comparison = "is_a_number"
	ComparisonEqualNumber          Comparison = "equal_number"
	ComparisonIsLessThan           Comparison = "is_less_than"
	ComparisonIsLessThanOrEqual    Comparison = "is_less_than_or_equal"
	ComparisonIsGreaterThan        Comparison = "is_greater_than"
	ComparisonIsGreaterThanOrEqual Comparison = "is_greater_than_or_equal"
	ComparisonHasKey               Comparison = "has_key"   // response_json only: the object has Value as a key
	ComparisonHasValue             Comparison = "has_value" // response_json only: the array holds Value
	ComparisonIsNull               Comparison = "is_null"   // response_json only
)

// Assertion is a success criterion of a step: Source's Property compared
// with Value. Its vocabulary is that of definitions ([AssertionSource],
// [Comparison]); how it fared in a run is an [AssertionResult], which
// speaks that of results.
type Assertion struct {
	Source     AssertionSource `json:"source,omitzero"`
	Property   string          `json:"property,omitzero"`
	Comparison Comparison      `json:"comparison,omitzero"`
	// Value keeps the JSON kind it came with: 200 decodes as a
	// json.Number, "200" as a string. Set it to a Go number or string;
	// nil sends no value, for comparisons that take none.
	Value any `json:"value,omitzero"`

	_ wire.Extra
}

// VariableSource is where a variable's value is extracted from.
type VariableSource string

// Variable sources.
const (
	VariableSourceStatus  VariableSource = "response_status"
	VariableSourceHeaders VariableSource = "response_headers" // Property names the header
	VariableSourceHeader  VariableSource = "response_header"  // the same, as the live API also writes it
	VariableSourceJSON    VariableSource = "response_json"    // Property is the JSON path
	VariableSourceXML     VariableSource = "response_xml"     // Property is the XPath
	VariableSourceText    VariableSource = "response_text"
	VariableSourceTime    VariableSource = "response_time" // milliseconds
	VariableSourceSize    VariableSource = "response_size" // bytes
)

// Variable extracts a value from a step's response into {{Name}} for the
// steps after it.
type Variable struct {
	Name     string         `json:"name,omitzero"`
	Source   VariableSource `json:"source,omitzero"`
	Property string         `json:"property,omitzero"`

	_ wire.Extra
}
