package ingest

import (
	"net/url"
	"strings"
)

// trackingParams are query parameters that say where a click came from, not what the page is.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "twclid": true, "igshid": true, "mc_cid": true,
	"mc_eid": true, "_ga": true, "_gl": true, "_hsenc": true, "_hsmi": true, "mkt_tok": true,
	"oly_anon_id": true, "oly_enc_id": true, "vero_id": true, "rb_clickid": true, "s_cid": true,
}

// NormalizeURL returns the form of a URL used to recognise the same page: scheme and host in
// lower case, default port, fragment and tracking parameters (utm_*, fbclid, gclid...) dropped,
// remaining query parameters sorted. Text that is not an absolute URL is returned trimmed.
func NormalizeURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return raw
	}
	u.Scheme = strings.ToLower(u.Scheme)
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if port := u.Port(); port != "" && !(u.Scheme == "http" && port == "80" || u.Scheme == "https" && port == "443") {
		if strings.Contains(host, ":") {
			host = "[" + host + "]"
		}
		host += ":" + port
	} else if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	u.Host = host
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	if u.RawQuery != "" {
		query, err := url.ParseQuery(u.RawQuery)
		if err == nil {
			for key := range query {
				if trackingParams[strings.ToLower(key)] || strings.HasPrefix(strings.ToLower(key), "utm_") {
					query.Del(key)
				}
			}
			u.RawQuery = query.Encode() // Encode sorts by key.
		}
	}
	u.ForceQuery = false
	return u.String()
}
