package outside

import "encoding/json"

// The Globalping API as its public description has it (api.globalping.io,
// OpenAPI spec "Globalping API" v1): only the fields this client reads or
// sends.

// measurementRequest is the body of POST /v1/measurements.
type measurementRequest struct {
	Type       string           `json:"type"`   // "http"
	Target     string           `json:"target"` // a host name or an IPv4 address
	Locations  []locationOption `json:"locations,omitempty"`
	Options    *httpOptions     `json:"measurementOptions,omitempty"`
	InProgress bool             `json:"inProgressUpdates,omitempty"`
}

// locationOption picks probes in one place; limit is the number of probes
// there.
type locationOption struct {
	Continent string `json:"continent,omitempty"` // AF AN AS EU NA OC SA
	Limit     int    `json:"limit,omitempty"`
}

// httpOptions are the http measurement's options.
type httpOptions struct {
	Request  httpRequest `json:"request"`
	Port     int         `json:"port,omitempty"`
	Protocol string      `json:"protocol,omitempty"` // HTTP, HTTPS or HTTP2
}

// httpRequest is what each probe sends.
type httpRequest struct {
	Host   string `json:"host,omitempty"`
	Path   string `json:"path,omitempty"`
	Query  string `json:"query,omitempty"`
	Method string `json:"method,omitempty"` // HEAD (the API's default) or GET
}

// createResponse is the 202 answer to POST /v1/measurements.
type createResponse struct {
	ID          string `json:"id"`
	ProbesCount int    `json:"probesCount"`
}

// apiError is the body of every 4xx the API describes (400, 404, 422, 429).
type apiError struct {
	Error struct {
		Type    string `json:"type"` // "validation_error", "no_probes_found", "rate_limit_exceeded", …
		Message string `json:"message"`
	} `json:"error"`
}

// measurement is the answer to GET /v1/measurements/{id}.
type measurement struct {
	ID      string       `json:"id"`
	Type    string       `json:"type"`
	Status  string       `json:"status"` // "in-progress"; any other value is final
	Results []resultItem `json:"results"`
}

// The statuses of a measurement and of one probe's test.
const (
	statusInProgress = "in-progress"
	statusFinished   = "finished"
	statusFailed     = "failed"
	statusOffline    = "offline"
)

// resultItem is one probe and its test.
type resultItem struct {
	Probe struct {
		Continent string `json:"continent"`
		Country   string `json:"country"`
		City      string `json:"city"`
	} `json:"probe"`
	Result struct {
		Status     string `json:"status"`
		RawOutput  string `json:"rawOutput"`
		StatusCode int    `json:"statusCode"`
		// Headers maps a lower-case name to its value: a string, or a list
		// of strings for a repeated header (set-cookie).
		Headers map[string]json.RawMessage `json:"headers"`
		RawBody *string                    `json:"rawBody"`
	} `json:"result"`
}
