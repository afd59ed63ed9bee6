def add_me_to_the_queue(queue, name):
    queue.append(name)
    return queue


def count_words(text, counts):
    for word in text.split():
        counts[word] = counts.get(word, 0) + 1


def tag(tags, new):
    tags.add(new)


def shout(buffer):
    buffer[:] = buffer.upper()


def double_in_place(array):
    array *= 2


def fill_first_row(grid, value):
    for column in range(len(grid[0])):
        grid[0][column] = value


def sort_in_place(items):
    items.sort()


def rotate(queue):
    queue.rotate(1)


def tally(counter, word):
    counter[word] += 1
