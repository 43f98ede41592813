#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The arithmetic of a fully connected ReLU network with one logistic output, on a flat
/// parameter vector packed as scikit-learn's `MLPClassifier._pack` packs it: every layer's
/// weight matrix (fan-in × fan-out, row-major), first layer first, then every layer's biases.
///
/// Forward: `A₀ = X`, `Aₗ = relu(Aₗ₋₁Wₗ + bₗ)` for hidden layers, `p = σ(A_{L−1}W_L + b_L)`.
/// Objective (sklearn `_backprop` with `binary_log_loss`):
///
///     J = −Σᵢ sᵢ[yᵢ log p̃ᵢ + (1 − yᵢ) log(1 − p̃ᵢ)] / Σᵢ sᵢ  +  (α / 2) Σₗ ‖Wₗ‖²_F / Σᵢ sᵢ
///
/// with p̃ = p clipped to [ε, 1 − ε] (ε = 2⁻⁵²) and biases unpenalised. Backpropagation
/// (Rumelhart, Hinton & Williams, *Nature* 323, 1986; Goodfellow, Bengio & Courville,
/// *Deep Learning* §6.5): `δ_L = s ⊙ (p − y)`, `δₗ₋₁ = (δₗ Wₗᵀ) ⊙ 1[Aₗ₋₁ > 0]`,
/// `∂J/∂Wₗ = (Aₗ₋₁ᵀ δₗ + α Wₗ) / Σs`, `∂J/∂bₗ = 1ᵀδₗ / Σs`. Like sklearn, δ_L uses p − y
/// even where p was clipped (there the clipped loss is flat; this only matters for |z| > 36).
///
/// Buffers for every layer's activations and deltas are allocated once per network and reused
/// by every evaluation; the products run in ``DenseKernels`` (register-blocked, summation in index
/// order, so results are bit-identical across runs and machines).
final class PerceptronNetwork {
    let layerSizes: [Int]
    let rows: Int
    /// Start of each layer's weight block and bias block in the parameter vector.
    let weightOffsets: [Int]
    let biasOffsets: [Int]
    let parameterCount: Int
    /// activations[l] and deltas[l]: rows × layerSizes[l] for l ≥ 1. Index 0 (the input layer) is
    /// a one-value buffer never read: the input matrix is read in place.
    private let activations: [UnsafeMutablePointer<Double>]
    private let deltas: [UnsafeMutablePointer<Double>]
    /// Room for one transposed weight matrix.
    private let transposed: UnsafeMutablePointer<Double>

    init(layerSizes: [Int], rows: Int) {
        self.layerSizes = layerSizes
        self.rows = rows
        var offset = 0
        var w: [Int] = []
        var largest = 1
        for l in 0..<(layerSizes.count - 1) {
            w.append(offset)
            offset += layerSizes[l] * layerSizes[l + 1]
            largest = max(largest, layerSizes[l] * layerSizes[l + 1])
        }
        var b: [Int] = []
        for l in 0..<(layerSizes.count - 1) {
            b.append(offset)
            offset += layerSizes[l + 1]
        }
        weightOffsets = w
        biasOffsets = b
        parameterCount = offset
        func buffer(_ count: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(count, 1))
            p.initialize(repeating: 0, count: max(count, 1))
            return p
        }
        activations = layerSizes.enumerated().map { l, units in buffer(l == 0 ? 0 : rows * units) }
        deltas = layerSizes.enumerated().map { l, units in buffer(l == 0 ? 0 : rows * units) }
        transposed = buffer(largest)
    }

    deinit {
        for p in activations { p.deallocate() }
        for p in deltas { p.deallocate() }
        transposed.deallocate()
    }

    static func parameterCount(_ layerSizes: [Int]) -> Int {
        var total = 0
        for l in 0..<(layerSizes.count - 1) { total += layerSizes[l] * layerSizes[l + 1] + layerSizes[l + 1] }
        return total
    }

    /// Forward pass over `x` (rows × layerSizes[0]); afterwards the output buffer holds p = σ(z).
    private func forward(_ x: UnsafePointer<Double>, _ theta: UnsafePointer<Double>) {
        let layers = layerSizes.count - 1
        for l in 1...layers {
            let fanIn = layerSizes[l - 1]
            let fanOut = layerSizes[l]
            let out = activations[l]
            DenseKernels.multiply(
                rows: rows, inner: fanIn, cols: fanOut, a: l == 1 ? x : UnsafePointer(activations[l - 1]),
                w: theta + weightOffsets[l - 1], initial: theta + biasOffsets[l - 1], out: out)
            let count = rows * fanOut
            if l < layers {
                for k in 0..<count where !(out[k] > 0) { out[k] = 0 }
            } else {
                for k in 0..<count { out[k] = LogisticFunctions.sigmoid(out[k]) }
            }
        }
    }

    /// P(y = 1 | x) per row at parameters `theta`.
    func probabilities(_ x: [Double], _ theta: [Double]) -> [Double] {
        x.withUnsafeBufferPointer { xb in
            theta.withUnsafeBufferPointer { tb in
                guard let xp = xb.baseAddress, let tp = tb.baseAddress else { return [] }
                forward(xp, tp)
                return Array(UnsafeBufferPointer(start: activations[layerSizes.count - 1], count: rows))
            }
        }
    }

    /// J(θ), writing ∇J into `gradient` (see the type's formula).
    func objective(
        _ x: [Double], _ y: [Double], _ weights: [Double]?, totalWeight: Double, alpha: Double, _ theta: [Double],
        gradient: inout [Double]
    ) -> Double {
        let layers = layerSizes.count - 1
        return x.withUnsafeBufferPointer { xb in
            theta.withUnsafeBufferPointer { tb in
                gradient.withUnsafeMutableBufferPointer { gb in
                    guard let xp = xb.baseAddress, let tp = tb.baseAddress, let gp = gb.baseAddress else { return .nan }
                    forward(xp, tp)
                    let eps = Double.ulpOfOne
                    var loss = 0.0
                    let out = activations[layers]
                    let delta = deltas[layers]
                    for i in 0..<rows {
                        let p = out[i]
                        let q = min(max(p, eps), 1 - eps)
                        let s = weights?[i] ?? 1
                        loss -= s * (y[i] == 1 ? log(q) : log(1 - q))
                        delta[i] = (p - y[i]) * s
                    }
                    loss /= totalWeight
                    var penalty = 0.0
                    for l in 0..<layers {
                        let start = weightOffsets[l]
                        for k in start..<(start + layerSizes[l] * layerSizes[l + 1]) { penalty += tp[k] * tp[k] }
                    }
                    loss += 0.5 * alpha * penalty / totalWeight

                    gp.update(repeating: 0, count: parameterCount)
                    for l in stride(from: layers, through: 1, by: -1) {
                        let fanIn = layerSizes[l - 1]
                        let fanOut = layerSizes[l]
                        let wo = weightOffsets[l - 1]
                        let bo = biasOffsets[l - 1]
                        DenseKernels.transposeMultiplyAdd(
                            rows: rows, inner: fanIn, cols: fanOut, a: l == 1 ? xp : UnsafePointer(activations[l - 1]),
                            d: deltas[l], g: gp + wo, columnSums: gp + bo)
                        for k in wo..<(wo + fanIn * fanOut) { gp[k] = (gp[k] + alpha * tp[k]) / totalWeight }
                        for j in bo..<(bo + fanOut) { gp[j] /= totalWeight }
                        if l > 1 {
                            // δₗ₋₁ = (δₗ Wₗᵀ) ⊙ 1[Aₗ₋₁ > 0], with Wₗᵀ laid out row-major.
                            for k in 0..<fanIn {
                                for j in 0..<fanOut { transposed[j * fanIn + k] = tp[wo + k * fanOut + j] }
                            }
                            let below = deltas[l - 1]
                            DenseKernels.multiply(
                                rows: rows, inner: fanOut, cols: fanIn, a: deltas[l], w: transposed, initial: nil,
                                out: below)
                            let act = activations[l - 1]
                            for k in 0..<(rows * fanIn) where act[k] == 0 { below[k] = 0 }
                        }
                    }
                    return loss
                }
            }
        }
    }
}
