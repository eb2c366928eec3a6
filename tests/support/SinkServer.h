// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QTcpServer>
#include <QTcpSocket>

/// A TCP server that accepts connections and never reads from them: the kernel's buffers
/// fill and the client's request can never be sent completely (the connect phase).
class SinkServer : public QTcpServer
{
public:
    ~SinkServer() override
    {
        for (const qintptr handle : std::as_const(m_handles)) {
            QTcpSocket socket; // adopts the descriptor only to close it
            socket.setSocketDescriptor(handle);
            socket.abort();
        }
    }
    int acceptedCount() const { return int(m_handles.size()); }

protected:
    void incomingConnection(qintptr handle) override { m_handles.append(handle); }

private:
    QList<qintptr> m_handles;
};
