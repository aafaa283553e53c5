// wasi-test: dir=sandbox::/sandbox arg=/sandbox/data/nested/greek.txt arg=/sandbox/data/numbers.txt stdin=pipeline.txt
// A C++ program (libc++ for WASI): counts the words of the files named on
// its command line and of standard input with iostreams and the standard
// containers, prints the most frequent, and writes a report file.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

std::unordered_map<std::string, long> counts;
long total = 0;

void count(std::istream &in) {
    std::string word;
    while (in >> word) {
        std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::tolower(c); });
        counts[word]++;
        total++;
    }
}

}  // namespace

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        std::ifstream file(argv[i]);
        if (!file) {
            std::cerr << "cannot open " << argv[i] << "\n";
            return 1;
        }
        count(file);
    }
    count(std::cin);

    std::vector<std::pair<std::string, long>> sorted(counts.begin(), counts.end());
    std::sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    std::ostringstream report;
    report << total << " words, " << counts.size() << " distinct\n";
    for (size_t i = 0; i < sorted.size() && i < 10; i++)
        report << sorted[i].second << "\t" << sorted[i].first << "\n";
    std::cout << report.str();

    std::ofstream out("/sandbox/scratch/report.txt");
    out << report.str();
    out.close();
    std::ifstream check("/sandbox/scratch/report.txt");
    std::stringstream back;
    back << check.rdbuf();
    if (back.str() != report.str()) {
        std::cerr << "the report file does not read back\n";
        return 1;
    }
    std::map<char, long> initials;
    for (const auto &entry : counts) initials[entry.first[0]] += entry.second;
    std::cerr << "words by initial:";
    for (const auto &entry : initials) std::cerr << " " << entry.first << "=" << entry.second;
    std::cerr << "\n";
    return 0;
}
