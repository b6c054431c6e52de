"""How a reply reaches the client under test: respx inside httpx (`respx_server`), a loopback
HTTP/1.1 server with faults (`socket_server`), and the one way both make the adapter's sync or
async call (`calls`)."""
