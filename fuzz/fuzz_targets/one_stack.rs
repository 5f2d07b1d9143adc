//! The plex the host-call fuzz targets run against: one system, one stack (TCPCS1 at
//! 10.1.1.1 and 2001:db8::1), one job under TRSTSRV (a superuser, UID 0) with a listener on
//! port 4000 as descriptor 0.

use trustplex::api::host::{Direct, Host};
use trustplex::racf::Racf;
use trustplex::sysplex::xcf::XcfConfig;
use trustplex::sysplex::{Family, JobIdentity, SockType, Sysplex, TaskId, Topology};

pub fn with_listener() -> (Sysplex, TaskId) {
    let mut topo = Topology::new();
    topo.add_system("SYS1").unwrap();
    topo.add_stack(
        "SYS1",
        "TCPCS1",
        vec!["10.1.1.1".parse().unwrap(), "2001:db8::1".parse().unwrap()],
    )
    .unwrap();
    let mut racf = Racf::new();
    racf.run("ADDUSER TRSTSRV OMVS(UID(0))").unwrap();
    let mut plex = Sysplex::new(topo, racf, XcfConfig::default());
    let ident = JobIdentity::on_stack(plex.topology(), "FUZZ", "TCPCS1", "TRSTSRV").unwrap();
    let task = plex.add_job(ident).unwrap();
    let mut host = Direct {
        plex: &mut plex,
        task,
    };
    let l = host.socket(Family::Inet, SockType::Stream).unwrap();
    host.bind(l, "10.1.1.1:4000".parse().unwrap()).unwrap();
    host.listen(l, 5).unwrap();
    (plex, task)
}
