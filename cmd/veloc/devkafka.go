package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/twmb/franz-go/pkg/kfake"
)

const devKafkaHelp = `
Dev kafka runs a Kafka-protocol broker on 127.0.0.1 in the foreground, so a
Kafka query can be tried with nothing installed: point a program at it with
--brokers 127.0.0.1:PORT, and produce and consume with any Kafka client
(kcat -b 127.0.0.1:9092 -P -t orders). Topics are created on first use with
--partitions partitions; --topics creates some up front. Data is kept in
memory unless --data-dir names a folder, where it survives restarts. It is
github.com/twmb/franz-go's kfake: for development and tests, not production.
Ctrl-C stops it.
`

func runDevKafka(cmd *command, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(cmd)
	port := fs.Int("port", 9092, "the port to listen on (127.0.0.1)")
	topics := fs.String("topics", "", "topics to create at start, comma-separated")
	partitions := fs.Int("partitions", 1, "partitions of each topic it creates")
	dataDir := fs.String("data-dir", "", "keep the data in this folder across restarts (default: in memory)")
	rest, code, done := parseArgs(fs, cmd, args, stdout, stderr)
	if done {
		return code
	}
	switch {
	case len(rest) > 0:
		return usageError(stderr, fs, cmd, fmt.Sprintf("unexpected argument %q", rest[0]))
	case *port < 0 || *port > 65535:
		return usageError(stderr, fs, cmd, fmt.Sprintf("--port %d is not a port", *port))
	case *partitions < 1:
		return usageError(stderr, fs, cmd, "--partitions must be at least 1")
	}
	opts := []kfake.Opt{
		kfake.Ports(*port),
		kfake.NumBrokers(1),
		kfake.AllowAutoTopicCreation(),
		kfake.DefaultNumPartitions(*partitions),
	}
	var names []string
	for _, t := range strings.Split(*topics, ",") {
		if t = strings.TrimSpace(t); t != "" {
			names = append(names, t)
		}
	}
	if len(names) > 0 {
		opts = append(opts, kfake.SeedTopics(int32(*partitions), names...))
	}
	if *dataDir != "" {
		opts = append(opts, kfake.DataDir(*dataDir))
	}
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		fmt.Fprintf(stderr, "veloc dev kafka: %v\n", err)
		return exitError
	}
	defer c.Close()
	where := "in memory"
	if *dataDir != "" {
		where = "data in " + *dataDir
	}
	fmt.Fprintf(stdout, "veloc dev kafka: listening on %s (%s, %d partition(s) per new topic); Ctrl-C stops it\n",
		strings.Join(c.ListenAddrs(), ","), where, *partitions)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
	signal.Stop(sig)
	fmt.Fprintln(stdout, "veloc dev kafka: stopped")
	return exitOK
}
