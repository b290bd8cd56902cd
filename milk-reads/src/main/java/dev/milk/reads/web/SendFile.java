package dev.milk.reads.web;

import java.nio.file.Files;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's sendfile(2), as nginx sends a file: the application names a file and its range in
 * request attributes, and the kernel copies it to the socket; its bytes never cross the heap.
 */
final class SendFile {

    private static final Logger log = LoggerFactory.getLogger(SendFile.class);

    /** Tomcat's request attribute: the connector can send a file with sendfile(2). */
    static final String SUPPORTED = "org.apache.tomcat.sendfile.support";
    static final String FILENAME = "org.apache.tomcat.sendfile.filename";
    static final String START = "org.apache.tomcat.sendfile.start";
    static final String END = "org.apache.tomcat.sendfile.end";

    private SendFile() {
    }

    /** Whether the connector that took {@code request} can send a file. */
    static boolean supported(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(SUPPORTED));
    }

    /**
     * Has Tomcat send the first {@code length} bytes of {@code file} as the body, where it can: false,
     * the body still to be written, when there is no file or the connector cannot, in an async
     * dispatch (Tomcat sends a file only at the end of a plain one, not of a streamed body's), once
     * the answer is committed (Tomcat reads the file's name as it commits), or when the file is gone.
     * Tomcat cannot open a file that is gone, and then closes the connection after the headers: the
     * reader would get a {@code Content-Length} and no bytes.
     */
    static boolean send(HttpServletRequest request, HttpServletResponse response, PageFiles.KeptFile file,
            long length) {
        if (file == null || request.getDispatcherType() != DispatcherType.REQUEST || response.isCommitted()
                || !supported(request)) {
            return false;
        }
        if (!Files.isReadable(file.path())) {
            log.warn("a kept page's file is gone ({}); it is sent from memory", file.path().getFileName());
            return false;
        }
        request.setAttribute(FILENAME, file.path().toString());
        request.setAttribute(START, 0L);
        request.setAttribute(END, length);
        return true;
    }
}
