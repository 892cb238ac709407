//go:build linux

package netlab

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// DelayMethod is how Lab.Delay holds packets back.
type DelayMethod string

// The ways of delaying packets, best first.
const (
	// DelayNetem is the kernel's netem qdisc on the client's eth0.
	DelayNetem DelayMethod = "netem"
	// DelayNFQueue is an iptables NFQUEUE rule on the router whose packets
	// a user-space delayer (this test binary again, see serveDelay) holds
	// for the delay before it accepts them. For kernels without netem.
	DelayNFQueue DelayMethod = "nfqueue"
)

// Delay makes every packet the client sends wait d before the router sees
// it, so every round trip between the client and anything beyond it (DNS,
// TCP, TLS, HTTP) takes at least d: a satellite or congested mobile link.
// It uses netem where the kernel has it and otherwise an NFQUEUE delayer,
// and returns which. Both are undone with the lab (the namespaces go).
func (l *Lab) Delay(t testing.TB, d time.Duration) DelayMethod {
	t.Helper()
	if l.delayNetem(d) == nil {
		return DelayNetem
	}
	l.DelayNFQueue(t, d)
	return DelayNFQueue
}

// delayNetem tries netem on the client's side of the link.
func (l *Lab) delayNetem(d time.Duration) error {
	if _, err := exec.LookPath("tc"); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	defer cancel()
	out, err := l.Client.Command(ctx, "tc", "qdisc", "add", "dev", "eth0", "root", "netem", "delay", strconv.FormatInt(d.Microseconds(), 10)+"us").CombinedOutput()
	if err != nil {
		return fmt.Errorf("tc netem: %v: %s", err, out) // e.g. "Specified qdisc kind is unknown."
	}
	return nil
}

// delayQueue is the NFQUEUE number the lab uses. Queues belong to a
// network namespace, so every lab's router can use the same one.
const delayQueue = 0

// delayServeEnv makes a test binary that imports netlab run the NFQUEUE
// delayer instead of its tests (see init, as for HTTP).
const delayServeEnv = "NETLAB_DELAY_SERVE"

var delayReady = regexp.MustCompile(`^NETLAB-DELAY-READY`)

type delayConfig struct {
	Queue uint16        `json:"queue"`
	Delay time.Duration `json:"delay"`
}

// DelayNFQueue delays the client's packets with the NFQUEUE delayer even
// where netem exists (Delay's fallback, forced: its own test uses it). It
// starts the delayer in the router, waits until it has bound the queue,
// then sends everything arriving from the client (IPv4 and IPv6) to it, so
// no packet passes undelayed and none waits on a queue nobody reads.
// Skips without iptables.
func (l *Lab) DelayNFQueue(t testing.TB, d time.Duration) {
	t.Helper()
	for _, tool := range []string{"iptables", "ip6tables"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("needs %s for the NFQUEUE delayer (Debian package iptables; packaging/deps.sh test installs it)", tool)
		}
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(delayConfig{Queue: delayQueue, Delay: d})
	l.Router.startReady(t, []string{delayServeEnv + "=" + string(b)}, delayReady, exe)
	q := strconv.Itoa(delayQueue)
	for _, tool := range []string{"iptables", "ip6tables"} {
		l.Router.Run(t, tool, "-t", "mangle", "-A", "PREROUTING", "-i", "lan0", "-j", "NFQUEUE", "--queue-num", q)
	}
}

func init() {
	if v := os.Getenv(delayServeEnv); v != "" {
		if err := serveDelay(v); err != nil {
			fmt.Fprintln(os.Stderr, "netlab delay:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
}

// The NFQUEUE protocol (linux/netfilter/nfnetlink_queue.h): messages of
// the queue subsystem, a 4-byte nfgenmsg, then attributes whose integers
// are big-endian.
const (
	nfnlSubsysQueue = 3 // NFNL_SUBSYS_QUEUE

	nfqnlMsgPacket       = 0 // NFQNL_MSG_PACKET: the kernel hands over a packet
	nfqnlMsgConfig       = 2 // NFQNL_MSG_CONFIG
	nfqnlMsgVerdictBatch = 3 // NFQNL_MSG_VERDICT_BATCH: every id up to the given one

	nfqaPacketHdr  = 1 // NFQA_PACKET_HDR: be32 id, be16 hw proto, u8 hook
	nfqaVerdictHdr = 2 // NFQA_VERDICT_HDR: be32 verdict, be32 id

	nfqaCfgCmd      = 1 // NFQA_CFG_CMD: u8 command, u8 pad, be16 pf
	nfqaCfgParams   = 2 // NFQA_CFG_PARAMS: be32 copy range, u8 copy mode
	nfqaCfgQueueLen = 3 // NFQA_CFG_QUEUE_MAXLEN: be32

	nfqnlCfgCmdBind = 1 // NFQNL_CFG_CMD_BIND
	nfqnlCopyMeta   = 1 // NFQNL_COPY_META: the id is all the delayer needs

	nfAccept = 1 // NF_ACCEPT
)

// delayQueueLen is how many packets the kernel may hold for the delayer:
// at 600 ms a diagnosis has a few hundred packets in flight at most, and a
// full queue drops (TCP would retransmit and the bench would lie).
const delayQueueLen = 8192

// delayReadBuffer is the netlink socket's receive buffer: room for a burst
// of packet notices while the delayer is busy.
const delayReadBuffer = 4 << 20

// delayNice is the delayer's scheduling priority (-20 highest, 0 normal).
const delayNice = -10

// delayBacklog is how many held packets the delayer keeps in memory; it
// matches the kernel's queue so that the delayer never blocks reading.
const delayBacklog = delayQueueLen

// serveDelay is the delayer: it binds the queue, then accepts each packet
// the delay after it arrived, in arrival order (the delay is the same for
// every packet, so arrival order is also the order of release and TCP sees
// no reordering). It never returns while the lab lives.
func serveDelay(cfgJSON string) error {
	var cfg delayConfig
	if err := json.Unmarshal([]byte(cfgJSON), &cfg); err != nil {
		return err
	}
	c, err := netlink.Dial(unix.NETLINK_NETFILTER, nil)
	if err != nil {
		return fmt.Errorf("netlink: %w", err)
	}
	defer c.Close()
	_ = c.SetReadBuffer(delayReadBuffer)
	// A burst larger than the socket buffer must not end the delayer; the
	// kernel drops the packets instead, as a congested link would.
	_ = c.SetOption(netlink.NoENOBUFS, true)

	cmd := []byte{nfqnlCfgCmdBind, 0, 0, 0} // pf AF_UNSPEC: every family
	params := binary.BigEndian.AppendUint32(nil, 0)
	params = append(params, nfqnlCopyMeta)
	qlen := binary.BigEndian.AppendUint32(nil, delayQueueLen)
	for _, attrs := range [][]netlink.Attribute{
		{{Type: nfqaCfgCmd, Data: cmd}},
		{{Type: nfqaCfgParams, Data: params}, {Type: nfqaCfgQueueLen, Data: qlen}},
	} {
		m, err := nfqMessage(nfqnlMsgConfig, cfg.Queue, attrs)
		if err != nil {
			return err
		}
		m.Header.Flags = netlink.Request | netlink.Acknowledge
		if _, err := c.Execute(m); err != nil {
			return fmt.Errorf("bind queue %d: %w", cfg.Queue, err)
		}
	}
	// The link must not wait for the CPU: on a busy machine a delayer that
	// is scheduled late holds every packet longer than it was told to.
	// Best effort: without the privilege the delay is only less exact.
	_ = unix.Setpriority(unix.PRIO_PROCESS, 0, delayNice)
	fmt.Println("NETLAB-DELAY-READY queue", cfg.Queue, "delay", cfg.Delay)

	type held struct {
		id  uint32
		due time.Time
	}
	heldc := make(chan held, delayBacklog)
	errc := make(chan error, 1)
	go func() {
		var next *held
		for {
			h := held{}
			if next != nil {
				h, next = *next, nil
			} else {
				var ok bool
				if h, ok = <-heldc; !ok {
					return
				}
			}
			time.Sleep(time.Until(h.due)) // the delay itself, the point of this program
			// Everything else already due goes with it, in one batch
			// verdict (every id up to the last): on a busy machine one
			// message per packet would itself delay the packets behind.
			last, now := h.id, time.Now()
		drain:
			for {
				select {
				case n := <-heldc:
					if n.due.After(now) {
						next = &n
						break drain
					}
					last = n.id
				default:
					break drain
				}
			}
			v := binary.BigEndian.AppendUint32(nil, nfAccept)
			v = binary.BigEndian.AppendUint32(v, last)
			m, err := nfqMessage(nfqnlMsgVerdictBatch, cfg.Queue, []netlink.Attribute{{Type: nfqaVerdictHdr, Data: v}})
			if err == nil {
				_, err = c.Send(m)
			}
			if err != nil {
				errc <- fmt.Errorf("verdict: %w", err)
				return
			}
		}
	}()
	for {
		msgs, err := c.Receive()
		if err != nil {
			return fmt.Errorf("receive: %w", err)
		}
		now := time.Now()
		for _, m := range msgs {
			if m.Header.Type != netlink.HeaderType(nfnlSubsysQueue<<8|nfqnlMsgPacket) || len(m.Data) < 4 {
				continue
			}
			id, ok := packetID(m.Data[4:])
			if !ok {
				continue
			}
			select {
			case heldc <- held{id: id, due: now.Add(cfg.Delay)}:
			case err := <-errc:
				return err
			}
		}
	}
}

// nfqMessage builds a queue-subsystem message for queue q.
func nfqMessage(typ int, q uint16, attrs []netlink.Attribute) (netlink.Message, error) {
	body, err := netlink.MarshalAttributes(attrs)
	if err != nil {
		return netlink.Message{}, err
	}
	gen := []byte{unix.AF_UNSPEC, 0 /* NFNETLINK_V0 */, 0, 0}
	binary.BigEndian.PutUint16(gen[2:], q)
	return netlink.Message{
		Header: netlink.Header{Type: netlink.HeaderType(nfnlSubsysQueue<<8 | typ), Flags: netlink.Request},
		Data:   append(gen, body...),
	}, nil
}

// packetID reads the packet id from a packet message's attributes.
func packetID(b []byte) (uint32, bool) {
	attrs, err := netlink.UnmarshalAttributes(b)
	if err != nil {
		return 0, false
	}
	for _, a := range attrs {
		if a.Type&^(unix.NLA_F_NESTED|unix.NLA_F_NET_BYTEORDER) == nfqaPacketHdr && len(a.Data) >= 4 {
			return binary.BigEndian.Uint32(a.Data), true
		}
	}
	return 0, false
}
