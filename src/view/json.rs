//! The parts of `trustplex run --format json` read from the journal and the connections the
//! run left (`docs/cli.md`, the schema `docs/run.schema.json`): each job's connections as
//! Netstat ALL shows them, and every XCF message.

use serde_json::{Value, json};

use crate::areas::sockaddr::netstat_socket;
use crate::sysplex::Sysplex;
use crate::sysplex::plex::Node;

/// The connections and listeners of a job's address space, on every stack and outside host,
/// oldest first on each: the fields of Netstat ALL (`docs/reference/trusted-tcp.md` §5).
pub fn connections(plex: &Sysplex, job: &str) -> Value {
    let topo = plex.topology();
    let nodes = (0..topo.stacks.len())
        .map(|s| Node::Stack(crate::sysplex::StackId(s)))
        .chain((0..topo.outside.len()).map(Node::Host));
    let mut out = Vec::new();
    for node in nodes {
        for t in plex.tcbs(node).into_iter().filter(|t| t.client == job) {
            out.push(json!({
                "node": plex.node_name(node),
                "client_id": format!("{:08X}", t.conn_id),
                "local": netstat_socket(&t.local),
                "foreign": netstat_socket(&t.remote),
                "state": t.state.netstat(),
                "bytes_in": t.bytes_in,
                "bytes_out": t.bytes_out,
                "tcp_cluster_conn_flag": format!("{:02X}", t.cluster.bits()),
                "tcp_trusted_partner": format!("{:02X}", t.trusted.bits()),
            }));
        }
    }
    Value::Array(out)
}

/// Every XCF message step the journal holds, oldest first: when, the message's number, what
/// happened (`send`, `lost`, `down`, `recv`, `drop`), between which stacks, and the message.
pub fn xcf(plex: &Sysplex) -> Value {
    let topo = plex.topology();
    let steps = plex.journal().xcf().map(|x| {
        json!({
            "at": x.at.to_string(),
            "msg": x.id,
            "step": super::xcf_word(x.step),
            "from": topo.stack_label(x.from),
            "to": topo.stack_label(x.to),
            "text": x.msg.to_string(),
        })
    });
    Value::Array(steps.collect())
}
