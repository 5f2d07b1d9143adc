//! Decode and encode rates of PartnerInfo and UTOKEN, against a plain copy of the same bytes
//! measured in the same run (`cargo bench --bench areas`). Prints the rates and ratios at the
//! end; the target is 20 million PartnerInfo decodes per second on one core.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use trustplex::areas::Area;
use trustplex::areas::partnerinfo::PartnerInfo;
use trustplex::areas::utoken::Utoken;

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
        "benchmark", "ns/op", "ops/s", "x copy"
    );
    for (name, peer) in [
        ("copy_200", "copy_200"),
        ("partnerinfo_decode_200", "copy_200"),
        ("partnerinfo_decode_40", "copy_200"),
        ("partnerinfo_encode_200", "copy_200"),
        ("copy_80", "copy_80"),
        ("utoken_decode", "copy_80"),
        ("utoken_encode", "copy_80"),
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
