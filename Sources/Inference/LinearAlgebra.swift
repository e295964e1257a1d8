import COpenBLAS
import RealModule

/// Thin wrappers over OpenBLAS and LAPACKE. Matrices are `[Double]`, row-major unless a function says
/// otherwise. Symmetric matrices are stored in full.
enum LinearAlgebra {
    /// OpenBLAS runs its own thread pool; blrd runs one model per task, so BLAS must stay single-threaded
    /// or the tasks oversubscribe the cores.
    static let singleThreaded: Void = { openblas_set_num_threads(1) }()

    /// C ← alpha·A·Bᵀ + beta·C with A (m×k), B (n×k), C (m×n).
    static func gemmNT(
        _ m: Int, _ n: Int, _ k: Int, _ alpha: Double, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
        _ beta: Double, _ c: UnsafeMutablePointer<Double>
    ) {
        cblas_dgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k), alpha, a, Int32(k), b,
            Int32(k), beta, c, Int32(n))
    }

    /// C ← alpha·Aᵀ·B + beta·C with A (k×m), B (k×n), C (m×n).
    static func gemmTN(
        _ m: Int, _ n: Int, _ k: Int, _ alpha: Double, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
        _ beta: Double, _ c: UnsafeMutablePointer<Double>
    ) {
        cblas_dgemm(
            CblasRowMajor, CblasTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), alpha, a, Int32(m), b,
            Int32(n), beta, c, Int32(n))
    }

    /// C ← alpha·A·B + beta·C with A (m×k), B (k×n), C (m×n).
    static func gemmNN(
        _ m: Int, _ n: Int, _ k: Int, _ alpha: Double, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
        _ beta: Double, _ c: UnsafeMutablePointer<Double>
    ) {
        cblas_dgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), alpha, a, Int32(k), b,
            Int32(n), beta, c, Int32(n))
    }

    /// y ← alpha·A·x + beta·y, A (m×n).
    static func gemv(
        _ m: Int, _ n: Int, _ alpha: Double, _ a: UnsafePointer<Double>, _ x: UnsafePointer<Double>,
        _ beta: Double, _ y: UnsafeMutablePointer<Double>
    ) {
        cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(m), Int32(n), alpha, a, Int32(n), x, 1, beta, y, 1)
    }

    /// y ← alpha·Aᵀ·x + beta·y, A (m×n).
    static func gemvT(
        _ m: Int, _ n: Int, _ alpha: Double, _ a: UnsafePointer<Double>, _ x: UnsafePointer<Double>,
        _ beta: Double, _ y: UnsafeMutablePointer<Double>
    ) {
        cblas_dgemv(CblasRowMajor, CblasTrans, Int32(m), Int32(n), alpha, a, Int32(n), x, 1, beta, y, 1)
    }

    /// C ← alpha·AᵀA + C for A (k×n), C (n×n) symmetric; both triangles of C are written.
    static func addGram(_ n: Int, _ k: Int, _ alpha: Double, _ a: UnsafePointer<Double>, _ c: inout [Double]) {
        c.withUnsafeMutableBufferPointer { cp in
            cblas_dsyrk(
                CblasRowMajor, CblasUpper, CblasTrans, Int32(n), Int32(k), alpha, a, Int32(n), 1, cp.baseAddress,
                Int32(n))
            symmetrizeFromUpper(n, cp.baseAddress!)
        }
    }

    /// Copies the upper triangle of a row-major n×n matrix into its lower triangle.
    static func symmetrizeFromUpper(_ n: Int, _ c: UnsafeMutablePointer<Double>) {
        for i in 0..<n {
            for j in 0..<i { c[i * n + j] = c[j * n + i] }
        }
    }

    /// The Cholesky factor of a symmetric positive-definite matrix (stored in full). The result is opaque
    /// storage for `choleskySolve` and `triangularSolve`: LAPACK's column-major lower factor L, P = L·Lᵀ.
    static func cholesky(_ p: [Double], _ n: Int) -> [Double]? {
        var l = p
        let info = l.withUnsafeMutableBufferPointer {
            // The _work variants skip LAPACKE's NaN scan of the whole matrix (3 % of a 129-wide update); callers
            // check finiteness of what they build.
            LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), $0.baseAddress, Int32(n))
        }
        guard info == 0 else { return nil }
        // Zero the strict upper part (column-major) so the factor is a clean triangle.
        for j in 1..<max(n, 1) { for i in 0..<j { l[j * n + i] = 0 } }
        return l
    }

    /// Solves P·x = b given P's Cholesky factor, for `columns` right-hand sides stored column after column.
    static func choleskySolve(_ factor: [Double], _ n: Int, _ b: [Double], columns: Int = 1) -> [Double] {
        var x = b
        factor.withUnsafeBufferPointer { f in
            x.withUnsafeMutableBufferPointer { xp in
                _ = LAPACKE_dpotrs_work(
                    LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), Int32(columns), f.baseAddress, Int32(n),
                    xp.baseAddress, Int32(n))
            }
        }
        return x
    }

    /// Overwrites B (n×columns, column-major: each right-hand side contiguous) with L⁻¹·B.
    static func triangularSolve(_ factor: [Double], _ n: Int, _ b: inout [Double], columns: Int) {
        factor.withUnsafeBufferPointer { f in
            b.withUnsafeMutableBufferPointer { bp in
                cblas_dtrsm(
                    CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, Int32(n), Int32(columns), 1,
                    f.baseAddress, Int32(n), bp.baseAddress, Int32(n))
            }
        }
    }

    /// log det P = 2 Σ log L_ii.
    static func logDeterminant(_ factor: [Double], _ n: Int) -> Double {
        var s = 0.0
        for i in 0..<n { s += 2 * Double.log(factor[i * n + i]) }
        return s
    }

    /// P⁻¹ from the Cholesky factor (full symmetric, row-major = column-major).
    static func inverse(_ factor: [Double], _ n: Int) -> [Double] {
        var identity = [Double](repeating: 0, count: n * n)
        for i in 0..<n { identity[i * n + i] = 1 }
        return choleskySolve(factor, n, identity, columns: n)
    }
}

extension LinearAlgebra {
    /// Overwrites B (n×columns, column-major) with L⁻ᵀ·B: turns N(0, I) draws into N(0, P⁻¹) draws.
    static func transposedTriangularSolve(_ factor: [Double], _ n: Int, _ b: inout [Double], columns: Int) {
        factor.withUnsafeBufferPointer { f in
            b.withUnsafeMutableBufferPointer { bp in
                cblas_dtrsm(
                    CblasColMajor, CblasLeft, CblasLower, CblasTrans, CblasNonUnit, Int32(n), Int32(columns), 1,
                    f.baseAddress, Int32(n), bp.baseAddress, Int32(n))
            }
        }
    }
}
