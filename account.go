package runscope

import (
	"context"
	"net/http"

	"github.com/go-runscope/runscope/internal/wire"
)

// Account is the account the token belongs to.
type Account struct {
	// ID is the same identifier as UUID, under the name the live API also
	// sends.
	ID   string `json:"id,omitzero"`
	Name string `json:"name,omitzero"`
	UUID string `json:"uuid,omitzero"`
	// Email is present only when the token has the account:email scope.
	Email string  `json:"email,omitzero"`
	Teams []*Team `json:"teams,omitzero"`
	// CreatedAt is when the account was created.
	CreatedAt Timestamp `json:"created_at,omitzero"`

	_ wire.Extra
}

// Account returns the account the client's token belongs to, with its teams.
//
// GET /account
func (c *Client) Account(ctx context.Context) (*Account, *Response, error) {
	return call[*Account](ctx, c, http.MethodGet, at("account"), nil, nil)
}

// Region is a Runscope service region that tests can run from.
type Region struct {
	RegionCode      string `json:"region_code,omitzero"`
	Location        string `json:"location,omitzero"`
	ServiceProvider string `json:"service_provider,omitzero"`
	Hostname        string `json:"hostname,omitzero"`

	_ wire.Extra
}

// Regions lists the service regions tests can run from.
//
// GET /regions
func (c *Client) Regions(ctx context.Context) ([]*Region, *Response, error) {
	data, resp, err := call[struct {
		Regions []*Region `json:"regions"`
	}](ctx, c, http.MethodGet, at("regions"), nil, nil)
	return data.Regions, resp, err
}
