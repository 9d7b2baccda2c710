package ingest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Lectern fetches what the user asks for, wherever it is, but goes to an address on this
// computer or a private network (loopback, RFC 1918 and unique-local, link-local such as
// 169.254.169.254, carrier-grade NAT, unspecified, multicast) only for a host the user gave:
// a redirect, or an image that a page or a file links to, may not lead there. A page on such
// a host may show images from that same host.
//
// The check is made on the address each connection is actually made to (after the name is
// resolved), so a name that resolves to a private address is caught too.

// allowedHostsKey carries, in a request's context, the host names the user gave.
type allowedHostsKey struct{}

// allowHost returns ctx allowing private addresses for host (a URL's Hostname()).
func allowHost(ctx context.Context, host string) context.Context {
	host = canonicalHost(host)
	if host == "" || hostAllowed(ctx, host) {
		return ctx
	}
	prev, _ := ctx.Value(allowedHostsKey{}).([]string)
	return context.WithValue(ctx, allowedHostsKey{}, append(prev[:len(prev):len(prev)], host))
}

func hostAllowed(ctx context.Context, host string) bool {
	hosts, _ := ctx.Value(allowedHostsKey{}).([]string)
	host = canonicalHost(host)
	for _, h := range hosts {
		if h == host {
			return true
		}
	}
	return false
}

// hostOf is the host name of a web address, or "".
func hostOf(rawURL string) string {
	if u := webURL(rawURL); u != nil {
		return u.Hostname()
	}
	return ""
}

func canonicalHost(host string) string {
	return strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
}

// cgnat is the carrier-grade NAT range (RFC 6598), private in practice.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// isPrivateAddr reports whether a connection to ip stays on this computer or its networks.
func isPrivateAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() ||
		cgnat.Contains(ip) || ip.Is4() && ip.As4()[0] == 0
}

// PrivateAddressError says that a connection to a private address was refused because the
// user did not give its host.
type PrivateAddressError struct {
	Host string
	Addr netip.Addr
}

func (e *PrivateAddressError) Error() string {
	where := e.Host
	if e.Addr.IsValid() && e.Addr.String() != e.Host {
		where += " (" + e.Addr.String() + ")"
	}
	return fmt.Sprintf("refused to go to %s, an address on this computer or a private network: "+
		"Lectern goes there only for an address you give it yourself", where)
}

// privateHosts remembers the hosts whose connections went to a private address (allowed then),
// so that a pooled connection to one is not reused for a request that may not go there.
var privateHosts sync.Map

// guardedDial is the transport's DialContext: it refuses, as the connection is made, a
// private address for a host the request's context does not allow.
func guardedDial(dialer *net.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		allowed := hostAllowed(ctx, host)
		d := *dialer
		d.ControlContext = func(_ context.Context, _, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return err
			}
			if !isPrivateAddr(ap.Addr()) {
				return nil
			}
			if !allowed {
				return &PrivateAddressError{Host: host, Addr: ap.Addr().Unmap()}
			}
			privateHosts.Store(canonicalHost(host), true)
			return nil
		}
		return d.DialContext(ctx, network, addr)
	}
}

// guardTransport refuses requests that a pooled connection or a proxy would otherwise take
// to a private address the request may not go to; the dialer checks the rest.
type guardTransport struct {
	base *http.Transport
}

func (t guardTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	host := req.URL.Hostname()
	if !hostAllowed(ctx, host) {
		if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil && isPrivateAddr(ip) {
			return nil, &PrivateAddressError{Host: host, Addr: ip.Unmap()}
		}
		if _, ok := privateHosts.Load(canonicalHost(host)); ok {
			return nil, &PrivateAddressError{Host: host}
		}
	}
	if t.base.Proxy != nil {
		if proxy, err := t.base.Proxy(req); err == nil && proxy != nil {
			// The proxy connects for us: check where the name leads here, and let the
			// dialer reach the proxy the user configured.
			if !hostAllowed(ctx, host) {
				addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
				if err == nil {
					for _, ip := range addrs {
						if isPrivateAddr(ip) {
							return nil, &PrivateAddressError{Host: host, Addr: ip.Unmap()}
						}
					}
				}
			}
			req = req.WithContext(allowHost(ctx, proxy.Hostname()))
		}
	}
	return t.base.RoundTrip(req)
}

// newGuardedClient is the HTTP client imports use unless Options give one.
func newGuardedClient() *http.Client {
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.DialContext = guardedDial(&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second})
	return &http.Client{Timeout: FetchTimeout, Transport: guardTransport{base: base}}
}

// privateAddress finds a PrivateAddressError in err.
func privateAddress(err error) *PrivateAddressError {
	var pe *PrivateAddressError
	if errors.As(err, &pe) {
		return pe
	}
	return nil
}
