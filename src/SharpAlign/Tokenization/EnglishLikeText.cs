using System.Text;

namespace SharpAlign.Tokenization;

/// <summary>
/// Deterministic English-like text for tokenizer benchmarks: sentences of common English words
/// drawn with Zipf-like weights, one word in ten invented from syllables (so the word cache
/// misses as it would on real text), capitals, numbers, punctuation and paragraph breaks.
/// </summary>
public static class EnglishLikeText
{
    private static readonly string[] Common =
    ("the of and to a in is that for it as was with be by on not he this are or his from at which but have an they you were " +
     "her she there been one all we their has would when if so no will more can its said who about into them than up time out " +
     "some could only other new these may people two first after what like over also then do most such our any made did many " +
     "before must through back years where much your way well down should because each just those how too little state good very " +
     "make world still own see men work long get here between both life being under never day same another know while last might " +
     "us great old year off come since against go came right used take three himself few house use during without again place " +
     "american around however home small found thought went say part once general high upon school every don't does got united " +
     "left number course war until always away something fact though water less public put think almost hand enough far took head " +
     "yet government system better set told nothing night end why called didn't eyes find going look asked later knew point next " +
     "program city business give group toward young days let room president side social given present several order national " +
     "possible rather second face per among form important often things looked early white case john become large big need four " +
     "within felt along children saw best church ever least power development light thing seemed family interest want members").Split(' ');

    private static readonly string[] Syllables = "ka ri to ne mo la su pe di an er in on ur ex ta ve co mi pro tra ble ment tion ing ous".Split(' ');

    /// <summary>About <paramref name="chars"/> characters of text, the same for the same seed.</summary>
    public static string Generate(int chars, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder(chars + 200);
        int sentence = 0;
        while (sb.Length < chars)
        {
            int words = 6 + rng.Next(18);
            for (int w = 0; w < words; w++)
            {
                string word;
                double roll = rng.NextDouble();
                if (roll < 0.1)
                {
                    var made = new StringBuilder();
                    for (int s = 0, n = 2 + rng.Next(3); s < n; s++) made.Append(Syllables[rng.Next(Syllables.Length)]);
                    word = made.ToString();
                }
                else if (roll < 0.13) word = rng.Next(1, 5000).ToString(System.Globalization.CultureInfo.InvariantCulture);
                else
                {
                    // Zipf-like: low indices far more frequent.
                    double u = rng.NextDouble();
                    word = Common[(int)(Math.Pow(u, 2.5) * Common.Length)];
                }
                if (w == 0) word = char.ToUpperInvariant(word[0]) + word[1..];
                else sb.Append(' ');
                sb.Append(word);
                if (w < words - 1 && rng.NextDouble() < 0.08) sb.Append(',');
            }
            sb.Append(rng.NextDouble() < 0.85 ? '.' : rng.NextDouble() < 0.5 ? '?' : '!');
            sentence++;
            sb.Append(sentence % 6 == 0 ? "\n\n" : " ");
        }
        return sb.ToString();
    }
}
