import Foundation

/// The 18 MovieLens genres, with rough relative frequencies.
let genreNames: [String] = [
    "Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary", "Drama",
    "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller",
    "War", "Western",
]
let genreWeights: [Double] = [
    7.3, 4.1, 2.9, 2.9, 16.9, 5.3, 5.6, 25.6,
    2.7, 0.4, 6.0, 1.1, 2.9, 7.7, 3.6, 8.7,
    1.9, 1.4,
]
let noGenres = "(no genres listed)"

private let adjectives: [String] = [
    "Silent", "Broken", "Last", "Dark", "Golden", "Lost", "Hidden", "Wild", "Crimson", "Frozen",
    "Burning", "Secret", "Endless", "Little", "Big", "Final", "First", "Midnight", "Electric",
    "Savage", "Lonely", "Quiet", "Restless", "Bitter", "Sweet", "Hollow", "Iron", "Velvet",
    "Forgotten", "Eternal", "Distant", "Strange", "Perfect", "Dangerous", "Beautiful", "Crazy",
    "Deadly", "Fallen", "Sacred", "Wicked",
]
private let nouns: [String] = [
    "River", "Night", "Heart", "City", "Road", "Storm", "Dream", "Shadow", "Kingdom", "Garden",
    "Mirror", "Island", "Summer", "Winter", "Ghost", "Hunter", "Stranger", "Empire", "Machine",
    "Voyage", "Promise", "Journey", "Harbor", "Valley", "Witness", "Fortune", "Legacy", "Circus",
    "Frontier", "Planet", "Prophecy", "Detective", "Soldier", "Dragon", "Letter", "Station",
    "Orchard", "Lighthouse", "Canyon", "Symphony", "Escape", "Redemption", "Bride", "Outlaw",
    "Tide", "Horizon", "Castle", "Paradise", "Affair", "Game",
]
private let names: [String] = [
    "Harry", "Maria", "Jack", "Amelie", "Charlie", "Rosa", "Oscar", "Lena", "Victor", "Nora",
    "Sam", "Hugo", "Iris", "Max", "Clara", "Felix", "Greta", "Leo", "Mona", "Otto",
]
private let surnames: [String] = [
    "Brown", "Kowalski", "Moreau", "Tanaka", "O'Neil", "Schmidt", "Rossi", "Novak", "Walsh", "Duarte",
]

/// Builds a MovieLens-style title such as `American President, The (1995)`.
/// Some titles contain commas and double quotes on purpose, to exercise CSV quoting.
func makeTitle(year: Int, rng: inout Xoshiro256) -> String {
    let core: String
    switch rng.nextInt(below: 100) {
    case 0..<28:
        core = "\(rng.pick(adjectives)) \(rng.pick(nouns))"
    case 28..<42:
        core = "\(rng.pick(nouns)) of the \(rng.pick(nouns))"
    case 42..<60:
        // MovieLens moves leading articles to the end: "Lost River, The".
        let body = rng.chance(0.5) ? "\(rng.pick(adjectives)) \(rng.pick(nouns))" : rng.pick(nouns)
        let startsWithVowel = body.first.map { "AEIOU".contains($0) } ?? false
        let article = rng.chance(0.7) ? "The" : (startsWithVowel ? "An" : "A")
        core = "\(body), \(article)"
    case 60..<70:
        core = "\(rng.pick(nouns)): \(rng.pick(adjectives)) \(rng.pick(nouns))"
    case 70..<76:
        // Quoted nickname inside the title: Shawshank "Redemption".
        core = "\(rng.pick(adjectives)) \"\(rng.pick(nouns))\""
    case 76..<84:
        core = "\(rng.pick(names))'s \(rng.pick(nouns))"
    case 84..<90:
        core = "\(rng.pick(names)) \(rng.pick(surnames)), \(rng.pick(["Detective", "Soldier", "Outlaw", "Stranger"]))"
    case 90..<95:
        core = "\(rng.pick(nouns)) \(rng.pick(["II", "III", "2", "Returns", "Reloaded"]))"
    default:
        core = "\(rng.pick(nouns)) and \(rng.pick(nouns))"
    }
    return "\(core) (\(year))"
}

/// Per-movie attributes needed for generation.
struct Catalog {
    let count: Int
    var movieIds: [Int]          // strictly increasing
    var titles: [String]
    var genres: [String]         // already joined with "|"
    var bias: [Double]
    var factors: [Double]        // count * rank, row-major
    var popularity: AliasTable
    var popularityWeights: [Double]

    static let rank = 8
    static let popularityOffset = 20.0

    init(count: Int, seed: UInt64) {
        self.count = count
        let rank = Catalog.rank
        var rng = Xoshiro256(seed: seed, stream: 1)

        // Genre taste directions: movie factors are partly the mean of their genres' vectors.
        var genreVectors = [Double](repeating: 0, count: genreNames.count * rank)
        for i in genreVectors.indices { genreVectors[i] = rng.nextNormal(mean: 0, sd: 0.45) }
        let genreTable = AliasTable(weights: genreWeights)

        var ids = [Int](); ids.reserveCapacity(count)
        var titles = [String](); titles.reserveCapacity(count)
        var genres = [String](); genres.reserveCapacity(count)
        var bias = [Double](repeating: 0, count: count)
        var factors = [Double](repeating: 0, count: count * rank)
        var nextId = 1
        var chosen = [Bool](repeating: false, count: genreNames.count)

        for m in 0..<count {
            ids.append(nextId)
            // Mostly consecutive ids with occasional gaps, like MovieLens.
            nextId += rng.chance(0.85) ? 1 : 1 + rng.nextInt(below: 40)

            // Release year skewed towards recent decades.
            let age = Int(-28.0 * log(1.0 - rng.nextDouble()))
            let year = max(1902, 2023 - age)
            titles.append(makeTitle(year: year, rng: &rng))

            // Genres: 1-5 distinct ones, ~1% with none.
            var genreCount: Int
            if rng.chance(0.01) {
                genreCount = 0
            } else {
                let r = rng.nextDouble()
                genreCount = r < 0.40 ? 1 : r < 0.73 ? 2 : r < 0.92 ? 3 : r < 0.98 ? 4 : 5
            }
            for g in chosen.indices { chosen[g] = false }
            var picked = 0
            var attempts = 0
            while picked < genreCount && attempts < 100 {
                attempts += 1
                let g = genreTable.sample(&rng)
                if !chosen[g] { chosen[g] = true; picked += 1 }
            }
            var names: [String] = []
            for g in chosen.indices where chosen[g] { names.append(genreNames[g]) }
            genres.append(names.isEmpty ? noGenres : names.joined(separator: "|"))

            bias[m] = rng.nextNormal(mean: 0, sd: 0.5)
            let base = m * rank
            let genreShare = picked > 0 ? 0.75 : 0.0
            for k in 0..<rank {
                var mean = 0.0
                if picked > 0 {
                    for g in chosen.indices where chosen[g] { mean += genreVectors[g * rank + k] }
                    mean /= Double(picked)
                }
                let own = rng.nextNormal(mean: 0, sd: 0.45)
                factors[base + k] = genreShare * mean + (1 - genreShare * 0.5) * own
            }
        }

        // Zipf-like popularity, weight 1 / (rank + offset)^1.0, over a random ranking of the
        // movies. The offset flattens the very top so the most popular movie is rated by roughly
        // half of the users (as in MovieLens) instead of nearly all of them.
        var order = Array(0..<count)
        rng.shuffle(&order)
        var weights = [Double](repeating: 0, count: count)
        for (rankIndex, m) in order.enumerated() {
            weights[m] = 1.0 / (Double(rankIndex + 1) + Catalog.popularityOffset)
        }
        popularity = AliasTable(weights: weights)
        popularityWeights = weights
        movieIds = ids
        self.titles = titles
        self.genres = genres
        self.bias = bias
        self.factors = factors
    }

    func write(to path: String) throws {
        let out = try ByteWriter(path: path)
        out.ascii("movieId,title,genres\n")
        for m in 0..<count {
            try out.ensureRoom()
            out.uint(movieIds[m])
            out.byte(44)
            out.csvField(titles[m])
            out.byte(44)
            out.csvField(genres[m])
            out.byte(10)
        }
        try out.close()
    }
}
