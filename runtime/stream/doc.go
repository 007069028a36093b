// Package stream connects the jobs of one generated veloc program in
// process: a job that reads what an earlier job of the same SQL file
// writes (runtime.md) gets its records through a Stream instead of through
// a file or a Kafka topic.
//
// A Stream is typed by the generated record struct, so records cross it
// without boxing, reflection or encoding. Records travel in batches (the
// generated loops work on batches of about a thousand records anyway), so
// the cost of synchronisation is paid once per batch, not once per record.
// Batch buffers are recycled: after warm-up, sending and receiving
// allocate nothing.
//
// A Stream has a fixed number of consumers, each with its own Reader, and
// every consumer sees every batch (fan-out). The buffer between the
// producer and each consumer holds a few batches; a producer that gets
// ahead of its slowest consumer blocks in Send (backpressure), so memory
// stays bounded whatever the speed difference. Close signals end of input;
// cancelling the context passed to Send or Next unblocks either side.
package stream
