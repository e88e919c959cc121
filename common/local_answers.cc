#include "common/local_answers.h"

#include <utility>

namespace dtr {

std::optional<std::string> LocalAnswers::Find(absl::string_view key,
                                              int64_t generation) {
  absl::MutexLock lock(&mu_);
  auto it = answers_.find(key);
  if (it == answers_.end() || it->second.generation != generation) {
    return std::nullopt;
  }
  return it->second.value;
}

void LocalAnswers::Put(absl::string_view key, int64_t generation,
                       absl::string_view value) {
  Answer answer{generation, std::string(value)};
  const int64_t size = SizeOf(key, answer);
  if (size > max_bytes_) return;
  absl::MutexLock lock(&mu_);
  auto [it, inserted] = answers_.try_emplace(key);
  // The same key and generation keep their place in the queue.
  const bool placed = !inserted && it->second.generation == generation;
  if (!inserted) bytes_ -= SizeOf(it->first, it->second);
  it->second = std::move(answer);
  bytes_ += size;
  if (!placed) order_.emplace_back(std::string(key), generation);
  // The oldest first, until within bounds; an entry of the queue whose key
  // was put again since (another generation) or dropped is only skipped.
  while (bytes_ > max_bytes_ && !order_.empty()) {
    auto& [old_key, old_generation] = order_.front();
    auto old = answers_.find(old_key);
    if (old != answers_.end() && old->second.generation == old_generation) {
      bytes_ -= SizeOf(old->first, old->second);
      answers_.erase(old);
    }
    order_.pop_front();
  }
  // Keys put again and again (a figure asked after every write) would
  // otherwise grow the queue without bound: keep only live places.
  if (order_.size() > 2 * answers_.size() + 64) {
    std::deque<std::pair<std::string, int64_t>> live;
    for (auto& entry : order_) {
      auto found = answers_.find(entry.first);
      if (found != answers_.end() && found->second.generation == entry.second) {
        live.push_back(std::move(entry));
      }
    }
    order_ = std::move(live);
  }
}

void LocalAnswers::DropBefore(int64_t generation) {
  absl::MutexLock lock(&mu_);
  for (auto it = answers_.begin(); it != answers_.end();) {
    if (it->second.generation < generation) {
      bytes_ -= SizeOf(it->first, it->second);
      answers_.erase(it++);
    } else {
      ++it;
    }
  }
  while (!order_.empty()) {
    auto found = answers_.find(order_.front().first);
    if (found != answers_.end() &&
        found->second.generation == order_.front().second) {
      break;
    }
    order_.pop_front();
  }
}

int64_t LocalAnswers::bytes() const {
  absl::MutexLock lock(&mu_);
  return bytes_;
}

}  // namespace dtr
