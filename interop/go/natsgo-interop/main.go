// natsgo-interop drives a NATS server with the official Go client (nats.go, as packaged by
// Debian) and reports, one line per scenario, whether the server behaved as nats.go expects:
//
//	PASS <scenario>
//	FAIL <scenario>: <reason>
//
// It exits 0 when every scenario passed, 1 otherwise, 2 on bad usage. Weft's tests run it
// against WeftServer; it runs unchanged against a real nats-server, which is how the scenarios
// themselves are checked.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
)

const wait = 5 * time.Second

type scenario struct {
	name string
	run  func(url string) error
}

func main() {
	only := flag.String("only", "", "run only the scenario with this name")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: natsgo-interop [-only NAME] nats://HOST:PORT")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	url := flag.Arg(0)
	scenarios := []scenario{
		{"connect", connect},
		{"pubsub", pubSub},
		{"wildcards", wildcards},
		{"request-reply", requestReply},
		{"no-responders", noResponders},
		{"queue-groups", queueGroups},
		{"headers", headers},
		{"unsubscribe-max", autoUnsubscribe},
		{"large-payload", largePayload},
		{"flush-many", flushMany},
	}
	failed := 0
	ran := 0
	for _, s := range scenarios {
		if *only != "" && s.name != *only {
			continue
		}
		ran++
		if err := s.run(url); err != nil {
			failed++
			fmt.Printf("FAIL %s: %v\n", s.name, err)
		} else {
			fmt.Printf("PASS %s\n", s.name)
		}
	}
	if ran == 0 {
		fmt.Fprintf(os.Stderr, "no scenario named %q\n", *only)
		os.Exit(2)
	}
	if failed > 0 {
		os.Exit(1)
	}
}

func dial(url, name string) (*nats.Conn, error) {
	return nats.Connect(url, nats.Name(name), nats.Timeout(wait), nats.NoReconnect())
}

func connect(url string) error {
	nc, err := dial(url, "connect")
	if err != nil {
		return err
	}
	defer nc.Close()
	if !nc.IsConnected() {
		return errors.New("not connected after Connect")
	}
	if nc.MaxPayload() <= 0 {
		return fmt.Errorf("INFO max_payload is %d; nats.go refuses every publish then", nc.MaxPayload())
	}
	if !nc.HeadersSupported() {
		return errors.New("server does not advertise headers")
	}
	if _, err := nc.RTT(); err != nil {
		return fmt.Errorf("RTT (PING/PONG): %v", err)
	}
	return nil
}

func pubSub(url string) error {
	sub, err := dial(url, "sub")
	if err != nil {
		return err
	}
	defer sub.Close()
	pub, err := dial(url, "pub")
	if err != nil {
		return err
	}
	defer pub.Close()
	s, err := sub.SubscribeSync("interop.pubsub")
	if err != nil {
		return err
	}
	if err := sub.Flush(); err != nil {
		return err
	}
	const n = 100
	for i := 0; i < n; i++ {
		if err := pub.Publish("interop.pubsub", []byte(fmt.Sprintf("m%d", i))); err != nil {
			return err
		}
	}
	if err := pub.Flush(); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		m, err := s.NextMsg(wait)
		if err != nil {
			return fmt.Errorf("message %d: %v", i, err)
		}
		if want := fmt.Sprintf("m%d", i); string(m.Data) != want {
			return fmt.Errorf("message %d: got %q, want %q (order or content)", i, m.Data, want)
		}
		if m.Subject != "interop.pubsub" {
			return fmt.Errorf("subject %q", m.Subject)
		}
	}
	return nil
}

func wildcards(url string) error {
	nc, err := dial(url, "wildcards")
	if err != nil {
		return err
	}
	defer nc.Close()
	star, err := nc.SubscribeSync("wc.*.x")
	if err != nil {
		return err
	}
	tail, err := nc.SubscribeSync("wc.>")
	if err != nil {
		return err
	}
	for _, subj := range []string{"wc.a.x", "wc.a.y", "wc.a.b.x"} {
		if err := nc.Publish(subj, []byte(subj)); err != nil {
			return err
		}
	}
	if err := nc.Flush(); err != nil {
		return err
	}
	if err := expectSubjects(star, "wc.a.x"); err != nil {
		return fmt.Errorf("wc.*.x: %v", err)
	}
	if err := expectSubjects(tail, "wc.a.x", "wc.a.y", "wc.a.b.x"); err != nil {
		return fmt.Errorf("wc.>: %v", err)
	}
	return nil
}

// expectSubjects reads exactly the given subjects, in order, and then nothing more (a flush on
// the same connection has already pushed everything through).
func expectSubjects(s *nats.Subscription, subjects ...string) error {
	for _, want := range subjects {
		m, err := s.NextMsg(wait)
		if err != nil {
			return fmt.Errorf("waiting for %s: %v", want, err)
		}
		if m.Subject != want {
			return fmt.Errorf("got %s, want %s", m.Subject, want)
		}
	}
	if n, _, _ := s.Pending(); n != 0 {
		m, _ := s.NextMsg(wait)
		return fmt.Errorf("unexpected extra message on %s", m.Subject)
	}
	return nil
}

func requestReply(url string) error {
	svc, err := dial(url, "service")
	if err != nil {
		return err
	}
	defer svc.Close()
	cli, err := dial(url, "client")
	if err != nil {
		return err
	}
	defer cli.Close()
	if _, err := svc.Subscribe("interop.echo", func(m *nats.Msg) {
		_ = m.Respond(append([]byte("echo:"), m.Data...))
	}); err != nil {
		return err
	}
	if err := svc.Flush(); err != nil {
		return err
	}
	for i := 0; i < 20; i++ {
		body := fmt.Sprintf("q%d", i)
		m, err := cli.Request("interop.echo", []byte(body), wait)
		if err != nil {
			return fmt.Errorf("request %d: %v", i, err)
		}
		if string(m.Data) != "echo:"+body {
			return fmt.Errorf("request %d: reply %q", i, m.Data)
		}
	}
	return nil
}

func noResponders(url string) error {
	nc, err := dial(url, "no-responders")
	if err != nil {
		return err
	}
	defer nc.Close()
	start := time.Now()
	_, err = nc.Request("interop.nobody.home", []byte("anyone?"), wait)
	if !errors.Is(err, nats.ErrNoResponders) {
		return fmt.Errorf("expected nats.ErrNoResponders, got %v", err)
	}
	if elapsed := time.Since(start); elapsed > wait/2 {
		return fmt.Errorf("no-responders took %v: the 503 status did not fail fast", elapsed)
	}
	return nil
}

func queueGroups(url string) error {
	const members = 3
	const n = 300
	var counts [members]int64
	var total int64
	done := make(chan struct{})
	var once sync.Once
	conns := make([]*nats.Conn, 0, members+2)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i := 0; i < members; i++ {
		i := i
		c, err := dial(url, fmt.Sprintf("member%d", i))
		if err != nil {
			return err
		}
		conns = append(conns, c)
		if _, err := c.QueueSubscribe("interop.work", "workers", func(m *nats.Msg) {
			atomic.AddInt64(&counts[i], 1)
			if atomic.AddInt64(&total, 1) == n {
				once.Do(func() { close(done) })
			}
		}); err != nil {
			return err
		}
		if err := c.Flush(); err != nil {
			return err
		}
	}
	obs, err := dial(url, "observer")
	if err != nil {
		return err
	}
	conns = append(conns, obs)
	var observed int64
	if _, err := obs.Subscribe("interop.work", func(m *nats.Msg) { atomic.AddInt64(&observed, 1) }); err != nil {
		return err
	}
	if err := obs.Flush(); err != nil {
		return err
	}
	pub, err := dial(url, "producer")
	if err != nil {
		return err
	}
	conns = append(conns, pub)
	for i := 0; i < n; i++ {
		if err := pub.Publish("interop.work", []byte("job")); err != nil {
			return err
		}
	}
	if err := pub.Flush(); err != nil {
		return err
	}
	select {
	case <-done:
	case <-time.After(wait):
		return fmt.Errorf("queue members got %d of %d messages", atomic.LoadInt64(&total), n)
	}
	// Each member flushes: anything delivered late (a duplicate) has arrived after this.
	for _, c := range conns {
		if err := c.Flush(); err != nil {
			return err
		}
	}
	if t := atomic.LoadInt64(&total); t != n {
		return fmt.Errorf("queue members got %d messages in total, want exactly %d", t, n)
	}
	deadline := time.Now().Add(wait)
	for atomic.LoadInt64(&observed) < n && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if o := atomic.LoadInt64(&observed); o != n {
		return fmt.Errorf("plain subscriber got %d messages, want %d", o, n)
	}
	for i := range counts {
		if counts[i] == 0 {
			return fmt.Errorf("member %d got nothing (distribution %v)", i, counts)
		}
	}
	return nil
}

func headers(url string) error {
	nc, err := dial(url, "headers")
	if err != nil {
		return err
	}
	defer nc.Close()
	s, err := nc.SubscribeSync("interop.hdr")
	if err != nil {
		return err
	}
	m := nats.NewMsg("interop.hdr")
	m.Header.Set("X-Single", "one")
	m.Header.Add("X-Multi", "a")
	m.Header.Add("X-Multi", "b")
	m.Data = []byte("body")
	if err := nc.PublishMsg(m); err != nil {
		return err
	}
	got, err := s.NextMsg(wait)
	if err != nil {
		return err
	}
	if string(got.Data) != "body" {
		return fmt.Errorf("data %q", got.Data)
	}
	if v := got.Header.Get("X-Single"); v != "one" {
		return fmt.Errorf("X-Single = %q", v)
	}
	if v := got.Header.Values("X-Multi"); len(v) != 2 || v[0] != "a" || v[1] != "b" {
		return fmt.Errorf("X-Multi = %q", v)
	}
	// Request/reply carrying headers both ways.
	if _, err := nc.Subscribe("interop.hdr.svc", func(req *nats.Msg) {
		rep := nats.NewMsg(req.Reply)
		rep.Header.Set("X-Echo", req.Header.Get("X-Ask"))
		rep.Data = req.Data
		_ = nc.PublishMsg(rep)
	}); err != nil {
		return err
	}
	req := nats.NewMsg("interop.hdr.svc")
	req.Header.Set("X-Ask", "42")
	req.Data = []byte("q")
	rep, err := nc.RequestMsg(req, wait)
	if err != nil {
		return fmt.Errorf("request with headers: %v", err)
	}
	if rep.Header.Get("X-Echo") != "42" || string(rep.Data) != "q" {
		return fmt.Errorf("reply header %q data %q", rep.Header.Get("X-Echo"), rep.Data)
	}
	return nil
}

func autoUnsubscribe(url string) error {
	nc, err := dial(url, "autounsub")
	if err != nil {
		return err
	}
	defer nc.Close()
	s, err := nc.SubscribeSync("interop.max")
	if err != nil {
		return err
	}
	if err := s.AutoUnsubscribe(3); err != nil {
		return err
	}
	for i := 0; i < 10; i++ {
		if err := nc.Publish("interop.max", []byte("x")); err != nil {
			return err
		}
	}
	if err := nc.Flush(); err != nil {
		return err
	}
	got := 0
	for {
		if _, err := s.NextMsg(200 * time.Millisecond); err != nil {
			break
		}
		got++
	}
	if got != 3 {
		return fmt.Errorf("got %d messages, want 3", got)
	}
	return nil
}

func largePayload(url string) error {
	nc, err := dial(url, "large")
	if err != nil {
		return err
	}
	defer nc.Close()
	s, err := nc.SubscribeSync("interop.large")
	if err != nil {
		return err
	}
	size := int(nc.MaxPayload())
	data := make([]byte, size)
	for i := range data {
		data[i] = byte('a' + i%26)
	}
	if err := nc.Publish("interop.large", data); err != nil {
		return err
	}
	m, err := s.NextMsg(wait)
	if err != nil {
		return err
	}
	if len(m.Data) != size || string(m.Data[size-3:]) != string(data[size-3:]) {
		return fmt.Errorf("got %d bytes, want %d", len(m.Data), size)
	}
	if err := nc.Publish("interop.large", make([]byte, size+1)); !errors.Is(err, nats.ErrMaxPayload) {
		return fmt.Errorf("publishing max_payload+1 bytes: expected nats.ErrMaxPayload, got %v", err)
	}
	return nil
}

func flushMany(url string) error {
	nc, err := dial(url, "flush")
	if err != nil {
		return err
	}
	defer nc.Close()
	var got int64
	const n = 10000
	if _, err := nc.Subscribe("interop.many", func(m *nats.Msg) { atomic.AddInt64(&got, 1) }); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if err := nc.Publish("interop.many", []byte("0123456789")); err != nil {
			return err
		}
	}
	if err := nc.FlushTimeout(wait); err != nil {
		return fmt.Errorf("%v (last error: %v, received %d)", err, nc.LastError(), atomic.LoadInt64(&got))
	}
	deadline := time.Now().Add(wait)
	for atomic.LoadInt64(&got) < n && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if g := atomic.LoadInt64(&got); g != n {
		return fmt.Errorf("got %d of %d", g, n)
	}
	return nil
}
