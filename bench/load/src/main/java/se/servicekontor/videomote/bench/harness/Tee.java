package se.servicekontor.videomote.bench.harness;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Standard output that also goes to the run's results file, so what the terminal shows is what the file keeps. */
public final class Tee extends OutputStream {

    private final OutputStream a;
    private final OutputStream b;

    private Tee(OutputStream a, OutputStream b) {
        this.a = a;
        this.b = b;
    }

    /** A print stream writing to the current standard output and appending to {@code file}; flushed on every line. */
    public static PrintStream appendingTo(Path file) throws IOException {
        return new PrintStream(new Tee(new FileOutputStream(FileDescriptor.out),
                new FileOutputStream(file.toFile(), true)), true, StandardCharsets.UTF_8);
    }

    @Override
    public void write(int c) throws IOException {
        a.write(c);
        b.write(c);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        a.write(buf, off, len);
        b.write(buf, off, len);
    }

    @Override
    public void flush() throws IOException {
        a.flush();
        b.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
        b.close();
    }
}
