package checks

// Role says which part of the chain made a 5xx (DESIGN.md, "http.role").
type Role string

// The roles of the report contract.
const (
	RoleEdge      Role = "edge"       // the CDN or front proxy failed by itself
	RoleOrigin    Role = "origin"     // the front says the server behind it failed
	RoleUserProxy Role = "user_proxy" // the user's own proxy or security product
	RoleUnknown   Role = "unknown"
)

// Producer is who made an error response, as the classifier reads it.
type Producer struct {
	Name     string   // "cloudflare", "nginx", "squid", … or "" when unknown
	Title    string   // "Cloudflare", for people
	Role     Role     // edge, origin, user_proxy or unknown
	Evidence []string // the headers and body markers that matched
}
