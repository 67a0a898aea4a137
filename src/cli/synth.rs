//! `baocao sinh-du-lieu`: synthetic, internally consistent data of any size
//! (N wards x M cells, placeholder names), deterministic for a seed. For
//! benchmarks and stress tests; everything in it is invented.

use std::fmt::Write;

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next() % u64::from(hi - lo + 1)) as u32
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.range(1, 100) <= percent
    }
}

const HO: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"];
const DEM_NAM: [&str; 3] = ["Văn", "Hữu", "Đình"];
const DEM_NU: [&str; 3] = ["Thị", "Thị", "Ngọc"];
const TEN: [&str; 12] = ["A", "B", "C", "D", "E", "G", "H", "K", "L", "M", "N", "P"];

fn person(rng: &mut Rng, woman: bool, out: &mut String) {
    let ho = HO[rng.range(0, 7) as usize];
    let dem = if woman {
        DEM_NU[rng.range(0, 2) as usize]
    } else {
        DEM_NAM[rng.range(0, 2) as usize]
    };
    let ten = TEN[rng.range(0, 11) as usize];
    let year = rng.range(1947, 1994);
    let _ = write!(
        out,
        "{{ ho_ten: {ho} {dem} {ten}, gioi_tinh: {}, nam_sinh: {year}, tai_cu: {}, kiem_truong_thon: {} }}",
        if woman { "nu" } else { "nam" },
        rng.chance(65),
        rng.chance(25),
    );
}

/// The YAML text of a synthetic town with `wards` wards of `cells` cells.
pub fn generate(wards: usize, cells: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut s = String::with_capacity(wards * cells * 420 + 2048);
    let in_wards = wards * cells;
    let _ = write!(
        s,
        "# DỮ LIỆU TỔNG HỢP - SINH TỰ ĐỘNG (SYNTHETIC DATA): {wards} đơn vị x {cells} chi bộ, seed {seed}.
# Mọi tên, số liệu đều bịa ra; chỉ dùng để đo hiệu năng và thử tải.
van_ban:
  cap_tren: ĐẢNG BỘ TỈNH MẪU
  co_quan: THỊ ỦY MẪU
  so_ky_hieu: 01-BC/Th.U
  dia_danh: Thị xã Mẫu
  ngay: 2019-08-20
  trich_yeu: kết quả đại hội chi bộ trực thuộc đảng bộ cơ sở, nhiệm kỳ 2019 - 2022 (dữ liệu tổng hợp)
  nhiem_ky: 2019 - 2022
  nguoi_ky: {{ tm: T/M BAN THƯỜNG VỤ, chuc_vu: BÍ THƯ, ho_ten: Nguyễn Văn A }}
  noi_nhan: [Ban Tổ chức Tỉnh ủy, Các Đảng ủy cơ sở, Lưu Văn phòng Thị ủy.]
dang_bo:
  ten: Đảng bộ thị xã Mẫu
  ten_ngan: thị xã Mẫu
  chi_bo: {{ tong: {}, thuoc_xa_phuong: {in_wards}, thuoc_co_quan: 41 }}
  noi_dung:
    lanh_dao_chuan_bi: Đoạn văn mẫu về công tác lãnh đạo, chỉ đạo và chuẩn bị đại hội.
    uu_diem: Đoạn văn mẫu về ưu điểm.
    han_che: Đoạn văn mẫu về hạn chế, nguyên nhân.
    bai_hoc: [Bài học mẫu thứ nhất;, Bài học mẫu thứ hai.]
    nhiem_vu: Đoạn văn mẫu về nhiệm vụ trọng tâm sau đại hội.
don_vi:
",
        in_wards + 41
    );
    for w in 1..=wards {
        let kind = if w % 2 == 0 { "xa" } else { "phuong" };
        let _ = writeln!(
            s,
            "  - ma: don-vi-{w:04}\n    ten: Mẫu {w}\n    loai: {kind}\n    thu_tu: {w}\n    chi_bo:"
        );
        for c in 1..=cells {
            let official = rng.range(4, 40);
            let members = official + rng.range(0, 3);
            let committee = if official < 9 {
                0
            } else {
                [3, 3, 3, 5, 5, 7][rng.range(0, 5) as usize].min(official)
            };
            let seats = if committee == 0 { 2 } else { committee };
            let secretary_woman = rng.chance(10);
            let deputy_woman = rng.chance(20);
            let women =
                (u32::from(secretary_woman) + u32::from(deputy_woman) + rng.range(0, 1)).min(seats);
            let cell_kind =
                ["thon", "tdp", "thon", "tdp", "truong_hoc", "tram_y_te"][rng.range(0, 5) as usize];
            let _ = write!(
                s,
                "      - ten: Chi bộ mẫu {c}\n        loai: {cell_kind}\n        dang_vien: {members}\n        dang_vien_chinh_thuc: {official}\n        ngay_dai_hoi: 2019-{:02}-{:02}\n        chi_uy_vien: {committee}\n        nu_cap_uy: {women}\n        bi_thu: ",
                rng.range(6, 7),
                rng.range(1, 28),
            );
            person(&mut rng, secretary_woman, &mut s);
            s.push_str("\n        pho_bi_thu: ");
            person(&mut rng, deputy_woman, &mut s);
            s.push('\n');
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::generate;

    #[test]
    fn same_seed_same_text_and_it_loads_clean() {
        let a = generate(5, 4, 7);
        assert_eq!(a, generate(5, 4, 7));
        assert_ne!(a, generate(5, 4, 8));
        let data = crate::data::load_str(&a, "synth.yaml").expect("synthetic data loads");
        assert_eq!(data.don_vi.len(), 5);
        let stats = crate::stats::derive(&data);
        let errors: Vec<_> = crate::stats::check(&data, &stats)
            .into_iter()
            .filter(|f| f.severity == crate::stats::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
}
