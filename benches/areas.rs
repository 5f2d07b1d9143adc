//! Decode and encode rates of PartnerInfo and UTOKEN, against a plain copy of the same bytes
//! measured in the same run (`cargo bench --bench areas`); and the cost of a PassTicket and of
//! DCAS's answers, against the eight DES block encryptions a PassTicket needs, measured in the
//! same run. Prints the rates and ratios at the end; the target is 20 million
//! PartnerInfo decodes per second on one core.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use des::Des;
use des::cipher::{BlockCipherEncrypt, KeyInit};
use trustplex::areas::Area;
use trustplex::areas::dcas::DcasRequest;
use trustplex::areas::partnerinfo::PartnerInfo;
use trustplex::areas::utoken::Utoken;
use trustplex::dcas::service::answer;
use trustplex::racf::{Racf, passticket};

const SECCRED: &[u8] = include_bytes!("../fixtures/areas/partnerinfo-seccred.bin");
const USERID: &[u8] = include_bytes!("../fixtures/areas/partnerinfo-userid.bin");
const TOKEN: &[u8] = include_bytes!("../fixtures/areas/utoken-ibmuser.bin");

fn copy<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(bytes);
    out
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("areas");
    g.throughput(Throughput::Elements(1));
    g.measurement_time(Duration::from_secs(3));
    g.bench_function("copy_200", |b| b.iter(|| copy::<200>(black_box(SECCRED))));
    g.bench_function("partnerinfo_decode_200", |b| {
        b.iter(|| PartnerInfo::parse(black_box(SECCRED)))
    });
    g.bench_function("partnerinfo_decode_40", |b| {
        b.iter(|| PartnerInfo::parse(black_box(USERID)))
    });
    let pi = PartnerInfo::parse(SECCRED).expect("fixture");
    g.bench_function("partnerinfo_encode_200", |b| {
        b.iter(|| black_box(&pi).to_bytes())
    });
    g.bench_function("copy_80", |b| b.iter(|| copy::<80>(black_box(TOKEN))));
    g.bench_function("utoken_decode", |b| {
        b.iter(|| Utoken::parse(black_box(TOKEN)))
    });
    let t = Utoken::parse(TOKEN).expect("fixture");
    g.bench_function("utoken_encode", |b| b.iter(|| black_box(&t).to_bytes()));

    let key = passticket::parse_key("E001193519561977").expect("key");
    let des = Des::new(&key.into());
    g.bench_function("des_8_blocks", |b| {
        b.iter(|| {
            let mut block = [0u8; 8].into();
            for _ in 0..8 {
                des.encrypt_block(black_box(&mut block));
            }
            block
        })
    });
    g.bench_function("passticket", |b| {
        b.iter(|| passticket::generate(black_box("TOM"), "TSO", &key, 1_285_286_400))
    });
    let tom = include_str!("../fixtures/certs/tom.pem");
    let mut racf = Racf::new();
    for c in [
        "ADDUSER TOM",
        "RACDCERT ID(TOM) ADD('TOM.PEM') WITHLABEL('Tom')",
        "RDEFINE PTKTDATA TSO SSIGNON(KEYMASKED(E001193519561977))",
        "SETROPTS CLASSACT(PTKTDATA)",
    ] {
        racf.run_with(c, &|_| Some(tom.to_owned())).expect("RACF");
    }
    let format2 = DcasRequest::for_user("TOM", "TSO")
        .expect("names")
        .to_bytes();
    g.bench_function("dcas_format2", |b| {
        b.iter(|| answer(&racf, black_box(&format2), 1_285_286_400))
    });
    let der = racf.certificates()[0].der.clone();
    let mut format1 = DcasRequest::for_cert(der.len() as u32, "TSO")
        .expect("names")
        .to_bytes();
    format1.extend_from_slice(&der);
    g.bench_function("dcas_format1", |b| {
        b.iter(|| answer(&racf, black_box(&format1), 1_285_286_400))
    });
    g.finish();
}

/// Mean time per iteration, in nanoseconds, from criterion's estimates of this run.
fn mean_ns(name: &str) -> Option<f64> {
    let path = format!(
        "{}/target/criterion/areas/{name}/new/estimates.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v["mean"]["point_estimate"].as_f64()
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
    println!(
        "\n{:<26} {:>10} {:>14} {:>12}",
        "benchmark", "ns/op", "ops/s", "x peer"
    );
    for (name, peer) in [
        ("copy_200", "copy_200"),
        ("partnerinfo_decode_200", "copy_200"),
        ("partnerinfo_decode_40", "copy_200"),
        ("partnerinfo_encode_200", "copy_200"),
        ("copy_80", "copy_80"),
        ("utoken_decode", "copy_80"),
        ("utoken_encode", "copy_80"),
        ("des_8_blocks", "des_8_blocks"),
        ("passticket", "des_8_blocks"),
        ("dcas_format2", "des_8_blocks"),
        ("dcas_format1", "des_8_blocks"),
    ] {
        if let (Some(ns), Some(base)) = (mean_ns(name), mean_ns(peer)) {
            println!(
                "{name:<26} {ns:>10.1} {:>14.0} {:>12.1}",
                1e9 / ns,
                ns / base
            );
        }
    }
}
